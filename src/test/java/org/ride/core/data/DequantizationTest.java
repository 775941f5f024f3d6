package org.ride.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** x = v + u with u the SplitMix64 doubles of the fixed seed, in raster order. */
class DequantizationTest {

	@Test
	void addsTheSeededUniformsInRasterOrder() {
		byte[] v = { 0, (byte) 255, 17, (byte) 128 };
		double[] x = Dequantization.dequantise(v, 0);
		// Doubles of SplitMix64(0): outputs 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, ... >>> 11 · 2^-53.
		long[] words = { 0xE220A8397B1DCDAFL, 0x6E789E6AA1B965F4L, 0x06C45D188009454FL, 0xF88BB8A8724C81ECL };
		int[] ints = { 0, 255, 17, 128 };
		for (int k = 0; k < 4; k++)
			assertEquals(ints[k] + (words[k] >>> 11) * 0x1.0p-53, x[k], 0.0, "pixel " + k);
	}

	@Test
	void testSetSeedIsFixedPerIndexAndValuesStayInTheirBin() {
		DeadLeavesImage im = new DeadLeaves(32, false).generate(3);
		assertEquals(0xD1CE_0000L + 3, Dequantization.seedOf(3));
		double[] a = Dequantization.dequantise(im, 3), b = Dequantization.dequantise(im, 3);
		assertArrayEquals(a, b, 0.0);
		for (int k = 0; k < a.length; k++) {
			int v = im.pixels()[k] & 0xFF;
			assertTrue(a[k] >= v && a[k] < v + 1, "x = " + a[k] + " outside [" + v + ", " + (v + 1) + ")");
		}
	}
}
