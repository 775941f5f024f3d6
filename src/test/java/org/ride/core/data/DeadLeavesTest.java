package org.ride.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/**
 * DL-256 generator: golden images from the independent Python reference, determinism, full coverage,
 * and the radius and intensity laws of data-and-cost.md §1.3.
 */
class DeadLeavesTest {

	/** Binomial/mean checks allow this many standard errors (false-alarm rate ~6e-5 each, seeds fixed). */
	private static final double Z_TOL = 4.0;

	// -- golden values: scripts/deadleaves_reference.py (pure Python, written from the recipe) --

	@Test
	void image0MatchesThePythonReference() throws Exception {
		// python3 scripts/deadleaves_reference.py 0
		DeadLeavesImage im = DeadLeaves.dl256().generate(0);
		assertEquals(3816, im.leaves());
		assertEquals(0x5EED_0000L, im.seed());
		assertEquals("4c6f08ef99d3314273ad34451726f7aa6cbf7f9ef641fc5a5793985aa825d71f", sha256(im.pixels()));
		assertArrayEquals(new int[] { 192, 192, 192, 192, 154, 154, 154, 154 }, first(im, 8));
	}

	@Test
	void image1MatchesThePythonReference() throws Exception {
		// python3 scripts/deadleaves_reference.py 1
		DeadLeavesImage im = DeadLeaves.dl256().generate(1);
		assertEquals(2918, im.leaves());
		assertEquals("5850e999ca6ba144c9ea8580ad9f7740a7ab3ba293955ecc09d023cd5e000646", sha256(im.pixels()));
		assertArrayEquals(new int[] { 9, 9, 9, 9, 9, 9, 9, 246 }, first(im, 8));
	}

	@Test
	void antialiasedSmallImageMatchesThePythonReference() throws Exception {
		// python3 scripts/deadleaves_reference.py --size 32 --aa 7
		DeadLeavesImage im = new DeadLeaves(32, true).generate(7);
		assertEquals(4190, im.leaves());
		assertEquals("cd06d317f189a791a00a13ef412f8528d3d24ffd292a273d59ca6141a79dff8f", sha256(im.pixels()));
		assertArrayEquals(new int[] { 136, 140, 167, 207, 207, 207, 207, 207 }, first(im, 8));
	}

	// -- determinism and coverage --

	@Test
	void sameIndexGivesTheSameImageAndDifferentIndicesDiffer() {
		DeadLeaves g = new DeadLeaves(64, false);
		DeadLeavesImage a = g.generate(5), b = g.generate(5), c = g.generate(6);
		assertArrayEquals(a.pixels(), b.pixels());
		assertEquals(a.leaves(), b.leaves());
		assertFalse(java.util.Arrays.equals(a.pixels(), c.pixels()));
	}

	@Test
	void everyPixelAndSubSampleEndsCoveredAndTheCountIsConsistent() {
		for (boolean aa : new boolean[] { false, true }) {
			DeadLeaves g = new DeadLeaves(48, aa);
			for (int i = 0; i < 3; i++) {
				DeadLeafCanvas canvas = g.newCanvas();
				g.paintLeaves(DeadLeaves.seedOf(i), canvas);
				int side = 48 * (aa ? DeadLeaves.AA_SUB : 1);
				for (int y = 0; y < side; y++)
					for (int x = 0; x < side; x++)
						assertTrue(canvas.isCovered(x, y), "aa=" + aa + " image " + i + " cell (" + x + "," + y + ")");
				assertEquals(0, canvas.uncovered());
			}
		}
	}

	@Test
	void seedsAndSplitsFollowTheRecipe() {
		assertEquals(0x5EED_0000L + 123, DeadLeaves.seedOf(123));
		assertTrue(DeadLeaves.isTestIndex(0) && DeadLeaves.isTestIndex(99));
		assertFalse(DeadLeaves.isTestIndex(100) || DeadLeaves.isTestIndex(999));
		assertEquals(900, DeadLeaves.TRAIN_END - DeadLeaves.TRAIN_START);
		DeadLeaves g = DeadLeaves.dl256();
		assertEquals(2.56, g.rMin(), 1e-15);
		assertEquals(256.0, g.rMax(), 0.0);
		assertThrows(IllegalArgumentException.class, () -> new DeadLeaves(0, false));
		assertThrows(IllegalArgumentException.class, () -> DeadLeaves.seedOf(-1));
	}

	// -- radius and intensity laws --

	@Test
	void inverseCdfRadiiFollowTheRMinus3Law() {
		// F(r) = (r_min^-2 − r^-2) / (r_min^-2 − r_max^-2); at r = 2·r_min, F = 0.75 / (1 − 10^-4).
		DeadLeaves g = DeadLeaves.dl256();
		SplitMix64 rng = new SplitMix64(11);
		int n = 200_000, below2 = 0, below10 = 0;
		for (int k = 0; k < n; k++) {
			double r = g.radiusFromUniform(rng.nextDouble());
			assertTrue(r >= g.rMin() && r <= g.rMax());
			if (r < 2 * g.rMin()) below2++;
			if (r < 10 * g.rMin()) below10++;
		}
		assertFraction(0.75 / (1 - 1e-4), below2, n);
		assertFraction(0.99 / (1 - 1e-4), below10, n);
	}

	@Test
	void acceptedRadiiFollowTheStationaryWindowLaw() {
		// Accepted density ∝ r^-3 (N+2r)², antiderivative Φ(r) = −N²/(2r²) − 4N/r + 4 ln r.
		DeadLeaves g = DeadLeaves.dl256();
		SplitMix64 rng = new SplitMix64(12);
		int n = 100_000, below2 = 0, below20 = 0;
		for (int k = 0; k < n; k++) {
			double r = g.drawRadius(rng);
			if (r < 2 * g.rMin()) below2++;
			if (r < 20 * g.rMin()) below20++;
		}
		assertFraction(windowCdf(g, 2 * g.rMin()), below2, n);
		assertFraction(windowCdf(g, 20 * g.rMin()), below20, n);
	}

	@Test
	void pixelIntensityHistogramIsUniform() {
		// Each pixel shows its front-most leaf, whose intensity is drawn independently of the geometry,
		// so every pixel is exactly uniform on {0..255}. Pixels within an image are correlated, so the
		// standard error comes from the spread of per-image bin fractions.
		DeadLeaves g = new DeadLeaves(32, false);
		int images = 300, bins = 8;
		double[] sum = new double[bins], sumSq = new double[bins];
		for (int i = 0; i < images; i++) {
			double[] frac = new double[bins];
			for (byte p : g.generate(1000 + i).pixels())
				frac[(p & 0xFF) / (256 / bins)] += 1.0 / (32 * 32);
			for (int b = 0; b < bins; b++) {
				sum[b] += frac[b];
				sumSq[b] += frac[b] * frac[b];
			}
		}
		for (int b = 0; b < bins; b++) {
			double mean = sum[b] / images;
			double se = Math.sqrt((sumSq[b] / images - mean * mean) / (images - 1));
			assertTrue(se < 0.02, "bin " + b + " standard error " + se + " too large for a meaningful test");
			assertEquals(1.0 / bins, mean, Z_TOL * se, "bin " + b);
		}
	}

	// -- helpers --

	private static double windowCdf(DeadLeaves g, double r) {
		double a = phi(g.size(), g.rMin()), b = phi(g.size(), g.rMax());
		return (phi(g.size(), r) - a) / (b - a);
	}

	private static double phi(double n, double r) {
		return -n * n / (2 * r * r) - 4 * n / r + 4 * Math.log(r);
	}

	private static void assertFraction(double p, int hits, int n) {
		double se = Math.sqrt(p * (1 - p) / n);
		assertEquals(p, hits / (double) n, Z_TOL * se, "fraction vs analytic CDF " + p);
	}

	private static String sha256(byte[] b) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
	}

	private static int[] first(DeadLeavesImage im, int n) {
		int[] v = new int[n];
		for (int k = 0; k < n; k++)
			v[k] = im.value(k, 0);
		return v;
	}
}
