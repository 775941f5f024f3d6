package org.ride.core.data;

/**
 * One generated dead-leaves image (data-and-cost.md §1.3).
 *
 * @param size   N, the image side in pixels
 * @param pixels [N·N] unsigned 8-bit values, row-major (index y·N + x); read with {@code p & 0xFF}.
 *               NB: the record shares this array with the caller; do not modify it.
 * @param leaves number of leaves drawn until every pixel (or sub-sample) was covered, occluded ones
 *               included
 * @param seed   the SplitMix64 seed the image was drawn from
 */
public record DeadLeavesImage(int size, byte[] pixels, long leaves, long seed) {

	public DeadLeavesImage {
		if (pixels == null || pixels.length != size * size)
			throw new IllegalArgumentException("pixels must hold size² = " + size * size + " values but holds "
				+ (pixels == null ? "null" : pixels.length) + "; pass a row-major N·N array");
	}

	/** The 8-bit value at column x, row y, in [0, 255]. */
	public int value(int x, int y) {
		return pixels[y * size + x] & 0xFF;
	}

	/** The pixels as ints in [0, 255], row-major [N·N] (allocates). */
	public int[] toIntArray() {
		int[] out = new int[pixels.length];
		for (int k = 0; k < out.length; k++)
			out[k] = pixels[k] & 0xFF;
		return out;
	}
}
