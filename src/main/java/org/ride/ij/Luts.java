package org.ride.ij;

import ij.process.LUT;

/**
 * Perceptual lookup tables built in code, so they exist in plain ImageJ and headless runs (Fiji's
 * {@code luts/} folder is not available there).
 */
public final class Luts {

	/** matplotlib's viridis sampled at 9 points (0, 1/8, …, 1), RGB 0–255; linear in between. */
	private static final int[][] VIRIDIS = { { 68, 1, 84 }, { 71, 44, 122 }, { 59, 81, 139 }, { 44, 113, 142 },
		{ 33, 144, 141 }, { 39, 173, 129 }, { 92, 200, 99 }, { 170, 220, 50 }, { 253, 231, 37 } };

	private Luts() {}

	/** A 256-entry viridis LUT (dark violet = low, yellow = high). */
	public static LUT viridis() {
		byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		int segs = VIRIDIS.length - 1;
		for (int i = 0; i < 256; i++) {
			double t = i / 255.0 * segs;
			int k = Math.min(segs - 1, (int) t);
			double f = t - k;
			r[i] = lerp(VIRIDIS[k][0], VIRIDIS[k + 1][0], f);
			g[i] = lerp(VIRIDIS[k][1], VIRIDIS[k + 1][1], f);
			b[i] = lerp(VIRIDIS[k][2], VIRIDIS[k + 1][2], f);
		}
		return new LUT(r, g, b);
	}

	private static byte lerp(int a, int b, double f) {
		return (byte) Math.round(a + (b - a) * f);
	}
}
