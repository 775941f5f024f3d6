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
 */
public record SampleOptions(double[] minValues, double[] maxValues, boolean[] mask, long seed, boolean logq) {

	/** Every reachable pixel, no clipping, no log q. */
	public static SampleOptions of(long seed) {
		return new SampleOptions(null, null, null, seed, false);
	}

	public SampleOptions withClip(double[] min, double[] max) {
		return new SampleOptions(min, max, mask, seed, logq);
	}

	public SampleOptions withMask(boolean[] m) {
		return new SampleOptions(minValues, maxValues, m, seed, logq);
	}

	public SampleOptions withLogq(boolean on) {
		return new SampleOptions(minValues, maxValues, mask, seed, on);
	}
}
