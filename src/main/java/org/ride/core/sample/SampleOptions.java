package org.ride.core.sample;

/**
 * How to sample from a RIDE model (spec §7.7): per-channel clip range, which pixels to sample, the seed of the
 * pre-drawn noise, and whether to accumulate log q.
 *
 * @param minValues per-channel lower clip bound (length C), or null for none
 * @param maxValues per-channel upper clip bound (length C), or null for none
 * @param mask      [y·width + x] true where a pixel is to be sampled (same for every image of the batch), or
 *                  null for every reachable pixel; pixels outside the reachable area are never sampled
 * @param seed      seeds the {@link java.util.Random} that pre-draws every pixel's noise (see {@link Canvas})
 * @param logq      whether to return log q = Σ log MCGSM(ỹ | h) per image over the sampled pixels, of the
 *                  unclipped draws, without the whitening Jacobian (the MH proposal density of §8.5)
 * @param masks     per-image sample masks [b][y·width + x] overriding {@code mask}, or null
 * @param seeds     per-image noise seeds overriding {@code seed} (image b draws from its own Random(seeds[b]),
 *                  so an image's draws do not depend on the rest of the batch), or null
 */
public record SampleOptions(double[] minValues, double[] maxValues, boolean[] mask, long seed, boolean logq,
	boolean[][] masks, long[] seeds) {

	public SampleOptions(double[] minValues, double[] maxValues, boolean[] mask, long seed, boolean logq) {
		this(minValues, maxValues, mask, seed, logq, null, null);
	}

	/** Every reachable pixel, no clipping, no log q. */
	public static SampleOptions of(long seed) {
		return new SampleOptions(null, null, null, seed, false);
	}

	/** A mask and a noise seed per image (e.g. the windows of an inpainting sweep). */
	public static SampleOptions perImage(double[] min, double[] max, boolean[][] masks, long[] seeds, boolean logq) {
		if (masks == null || seeds == null || masks.length != seeds.length)
			throw new IllegalArgumentException("per-image sampling needs one mask and one seed per image");
		return new SampleOptions(min, max, null, 0, logq, masks, seeds);
	}

	public SampleOptions withClip(double[] min, double[] max) {
		return new SampleOptions(min, max, mask, seed, logq, masks, seeds);
	}

	public SampleOptions withMask(boolean[] m) {
		return new SampleOptions(minValues, maxValues, m, seed, logq, masks, seeds);
	}

	public SampleOptions withLogq(boolean on) {
		return new SampleOptions(minValues, maxValues, mask, seed, on, masks, seeds);
	}
}
