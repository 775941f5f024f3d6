package org.ride.core.data;

/**
 * Uniform dequantisation of 8-bit images (data-and-cost.md §1.3 item 9; Theis, van den Oord &amp;
 * Bethge, "A note on the evaluation of generative models"): x = v + u with u ~ U[0,1), so x ∈ [0,256).
 * A model density on x then lower-bounds the discrete log-probability of v.
 *
 * <p>The noise comes from {@code new SplitMix64(seed)}, one {@link SplitMix64#nextDouble()} per pixel
 * in row-major order (k = y·N + x). For DL-256 image i the fixed seed is
 * {@link #seedOf(int) DEQUANT_SEED_BASE + i}, so test-set scores are reproducible; training code may
 * use any other seed per epoch.
 */
public final class Dequantization {

	/** Image i of DL-256 is dequantised with seed {@code DEQUANT_SEED_BASE + i}. */
	public static final long DEQUANT_SEED_BASE = 0xD1CE_0000L;

	private Dequantization() {}

	/** The fixed dequantisation seed of DL-256 image {@code index}: 0xD1CE_0000 + index. */
	public static long seedOf(int index) {
		if (index < 0)
			throw new IllegalArgumentException("image index " + index + " is negative; DL-256 indices start at 0");
		return DEQUANT_SEED_BASE + index;
	}

	/**
	 * x[k] = (v[k] &amp; 0xFF) + u_k, u_k the k-th double of {@code new SplitMix64(seed)}.
	 *
	 * @param pixels [n] unsigned 8-bit values (not modified)
	 * @param seed   the noise seed
	 * @return [n] f64 values in [0, 256) (allocated)
	 */
	public static double[] dequantise(byte[] pixels, long seed) {
		SplitMix64 rng = new SplitMix64(seed);
		double[] x = new double[pixels.length];
		for (int k = 0; k < x.length; k++)
			x[k] = (pixels[k] & 0xFF) + rng.nextDouble();
		return x;
	}

	/** {@link #dequantise(byte[], long)} of a generated image with its fixed seed for {@code index}. */
	public static double[] dequantise(DeadLeavesImage image, int index) {
		return dequantise(image.pixels(), seedOf(index));
	}
}
