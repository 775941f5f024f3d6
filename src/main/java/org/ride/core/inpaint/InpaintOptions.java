package org.ride.core.inpaint;

/**
 * Settings of Metropolis-within-Gibbs inpainting (spec §8.5; defaults of {@code fillin.py} except the
 * number of sweeps, which is 100 as in the paper's texture experiment instead of the script's 1000).
 *
 * @param sweeps      MCMC sweeps over the region
 * @param windowSize  side M of the window whose likelihood is the MH target (19)
 * @param blockSize   side N of the inner block re-sampled as the proposal (5)
 * @param stride      step between neighbouring blocks (3)
 * @param candidates  ancestral samples of the whole region; the most likely one starts the chain (5);
 *                    0 continues from the values the image already has in the region
 * @param flip        flip the image horizontally/vertically at random between sweeps, so the causal model
 *                    sees context from all sides
 * @param meanSweeps  average the last this many sweeps into a posterior-mean estimate (0 = none)
 * @param clipMin     lowest value a sampled pixel may take (e.g. the data's 0.1st percentile)
 * @param clipMax     highest value (e.g. the 99.8th percentile)
 * @param seed        every random choice of the chain flows from it
 */
public record InpaintOptions(int sweeps, int windowSize, int blockSize, int stride, int candidates, boolean flip,
	int meanSweeps, double clipMin, double clipMax, long seed) {

	public InpaintOptions {
		if (sweeps < 0) throw new IllegalArgumentException("sweeps is " + sweeps + "; use 0 (initialisation only) or more");
		if (blockSize < 1 || windowSize < blockSize + 4 || (windowSize - blockSize) % 2 != 0)
			throw new IllegalArgumentException("window " + windowSize + " and block " + blockSize + " do not fit: the "
				+ "window must exceed the block by an even margin of at least 2 on each side (e.g. 19 and 5)");
		if (stride < 1 || stride > blockSize)
			throw new IllegalArgumentException("stride " + stride + " must be between 1 and the block size " + blockSize
				+ ", or some pixels are never re-sampled");
		if (candidates < 0) throw new IllegalArgumentException("candidates is " + candidates
			+ "; use at least 1, or 0 to continue from the image's current values");
		if (meanSweeps < 0 || meanSweeps > Math.max(sweeps, 0))
			throw new IllegalArgumentException("mean over " + meanSweeps + " sweeps must be between 0 and sweeps (" + sweeps + ")");
		if (!(clipMin < clipMax)) throw new IllegalArgumentException("clip range [" + clipMin + ", " + clipMax
			+ "] is empty; the minimum must be below the maximum");
	}

	/** The paper's settings for a data range [min, max]. */
	public static InpaintOptions defaults(double clipMin, double clipMax, long seed) {
		return new InpaintOptions(100, 19, 5, 3, 5, true, 0, clipMin, clipMax, seed);
	}

	public InpaintOptions withSweeps(int n) {
		return new InpaintOptions(n, windowSize, blockSize, stride, candidates, flip, Math.min(meanSweeps, n), clipMin,
			clipMax, seed);
	}

	public InpaintOptions withMeanSweeps(int n) {
		return new InpaintOptions(sweeps, windowSize, blockSize, stride, candidates, flip, n, clipMin, clipMax, seed);
	}

	public InpaintOptions withFlip(boolean on) {
		return new InpaintOptions(sweeps, windowSize, blockSize, stride, candidates, on, meanSweeps, clipMin, clipMax, seed);
	}

	public InpaintOptions withCandidates(int n) {
		return new InpaintOptions(sweeps, windowSize, blockSize, stride, n, flip, meanSweeps, clipMin, clipMax, seed);
	}

	public InpaintOptions withSeed(long s) {
		return new InpaintOptions(sweeps, windowSize, blockSize, stride, candidates, flip, meanSweeps, clipMin, clipMax, s);
	}

	public InpaintOptions withWindow(int window, int block, int strideBetween) {
		return new InpaintOptions(sweeps, window, block, strideBetween, candidates, flip, meanSweeps, clipMin, clipMax, seed);
	}

	/** Pixels between a window's border and its inner block. */
	int margin() {
		return (windowSize - blockSize) / 2;
	}
}
