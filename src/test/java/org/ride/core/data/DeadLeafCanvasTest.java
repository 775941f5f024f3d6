package org.ride.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Rasterisation rule, occlusion and quantisation of {@link DeadLeafCanvas} on hand-made tiny cases. */
class DeadLeafCanvasTest {

	@Test
	void unitDiskAtAPixelCentreCoversOnlyThatPixelBecauseTheTestIsStrict() {
		// Centre (0.5, 0.5) = centre of pixel (0,0); pixels (1,0) and (0,1) lie at distance² exactly 1 = r².
		DeadLeafCanvas c = new DeadLeafCanvas(4, 1);
		assertEquals(1, c.paint(0.5, 0.5, 1.0, 0.5));
		assertTrue(c.isCovered(0, 0));
		assertFalse(c.isCovered(1, 0));
		assertFalse(c.isCovered(0, 1));
		assertEquals(15, c.uncovered());
	}

	@Test
	void slightlyLargerDiskAddsTheFourNeighboursButNotTheDiagonals() {
		DeadLeafCanvas c = new DeadLeafCanvas(4, 1);
		assertEquals(5, c.paint(1.5, 1.5, 1.0 + 1e-9, 0.5));
		boolean[][] expected = { // [y][x]
			{ false, true, false, false },
			{ true, true, true, false },
			{ false, true, false, false },
			{ false, false, false, false } };
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 4; x++)
				assertEquals(expected[y][x], c.isCovered(x, y), "pixel (" + x + "," + y + ")");
	}

	@Test
	void diskBetweenFourPixelCentresCoversThoseFour() {
		// Centre on the pixel corner (2,2): the four centres are at distance² 0.5 < 0.75.
		DeadLeafCanvas c = new DeadLeafCanvas(4, 1);
		assertEquals(4, c.paint(2.0, 2.0, Math.sqrt(0.75), 0.5));
		assertTrue(c.isCovered(1, 1) && c.isCovered(2, 1) && c.isCovered(1, 2) && c.isCovered(2, 2));
	}

	@Test
	void laterLeavesOnlyPaintUncoveredPixels() {
		DeadLeafCanvas c = new DeadLeafCanvas(2, 1);
		c.paint(0.5, 0.5, 0.6, 0.25); // front leaf: pixel (0,0) only
		assertEquals(3, c.paint(1.0, 1.0, 5.0, 0.75)); // back leaf: the three others
		assertTrue(c.isComplete());
		byte[] v = c.quantise();
		assertEquals(64, v[0] & 0xFF); // floor(256·0.25)
		assertEquals(192, v[1] & 0xFF);
		assertEquals(192, v[3] & 0xFF);
	}

	@Test
	void leavesOffTheGridPaintNothing() {
		DeadLeafCanvas c = new DeadLeafCanvas(4, 1);
		assertEquals(0, c.paint(-2.0, 1.0, 1.5, 0.5)); // reaches x = -0.5 < pixel centre 0.5
		assertEquals(0, c.paint(6.0, 6.0, 2.0, 0.5));
		assertEquals(16, c.uncovered());
	}

	@Test
	void antialiasedPixelIsTheMeanOfItsSixteenSubSamples() {
		// One pixel, 4×4 sub-samples at (i+0.5)/4. A leaf with the vertical edge x < 0.5 (huge disk
		// centred far left) covers sub-sample columns 0 and 1 = 8 of 16 samples.
		DeadLeafCanvas c = new DeadLeafCanvas(1, 4);
		double r = 1000;
		assertEquals(8, c.paint(0.5 - r, 0.5, r, 1.0));
		assertEquals(8, c.paint(0.5, 0.5, 10, 0.0));
		assertTrue(c.isComplete());
		assertEquals(128, c.quantise()[0] & 0xFF); // floor(256·0.5)
	}

	@Test
	void quantisationMapsTheUnitIntervalOntoAllByteValues() {
		assertEquals(0, DeadLeafCanvas.quantise(0.0));
		assertEquals(0, DeadLeafCanvas.quantise(0.00390624));
		assertEquals(1, DeadLeafCanvas.quantise(1.0 / 256));
		assertEquals(255, DeadLeafCanvas.quantise(Math.nextDown(1.0)));
		assertEquals(255, DeadLeafCanvas.quantise(1.0)); // the min(255, ·) clamp
	}

	@Test
	void paintingMatchesABruteForceCountOnARandomScene() {
		DeadLeafCanvas c = new DeadLeafCanvas(16, 1);
		boolean[] ref = new boolean[256];
		SplitMix64 rng = new SplitMix64(7);
		for (int leaf = 0; leaf < 40; leaf++) {
			double cx = -4 + 24 * rng.nextDouble(), cy = -4 + 24 * rng.nextDouble(), r = 0.3 + 4 * rng.nextDouble();
			int expected = 0;
			for (int y = 0; y < 16; y++)
				for (int x = 0; x < 16; x++) {
					double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
					if (!ref[y * 16 + x] && dx * dx + dy * dy < r * r) {
						ref[y * 16 + x] = true;
						expected++;
					}
				}
			assertEquals(expected, c.paint(cx, cy, r, 0.5), "leaf " + leaf);
		}
		for (int k = 0; k < 256; k++)
			assertEquals(ref[k], c.isCovered(k % 16, k / 16), "cell " + k);
	}
}
