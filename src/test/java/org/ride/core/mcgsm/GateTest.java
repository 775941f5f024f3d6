package org.ride.core.mcgsm;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The gate's vectorisable exponential against {@link Math#exp}. */
class GateTest {

	/** DOUBLE: six squarings multiply the rounding error by 64 (measured 1.8e-14); far inside the goldens' 1e-9. */
	private static final double PRECISE_REL = 5e-14;
	/** FLOAT: below float rounding (6e-8 per operation). */
	private static final double FAST_REL = 2e-7;

	@Test
	void expMatchesMathExpOnItsRange() {
		int n = 200_001;
		double[] x = new double[n];
		for (int i = 0; i < n; i++) x[i] = Gate.EXP_FLOOR * i / (n - 1); // 0 .. −40
		for (boolean precise : new boolean[] { true, false }) {
			double[] e = x.clone();
			Gate.exp(e, n, precise);
			double worst = 0;
			for (int i = 0; i < n; i++) worst = Math.max(worst, Math.abs(e[i] / Math.exp(x[i]) - 1));
			assertTrue(worst < (precise ? PRECISE_REL : FAST_REL), "precise=" + precise + ": relative error " + worst);
		}
	}

	@Test
	void expFloorsVeryNegativeArgumentsAndKeepsNaN() {
		double[] e = { -41, -1e300, Double.NEGATIVE_INFINITY, Double.NaN, 0 };
		Gate.exp(e, e.length, true);
		double floor = Math.exp(Gate.EXP_FLOOR);
		assertEquals(floor, e[0], floor * PRECISE_REL);
		assertEquals(floor, e[1], floor * PRECISE_REL);
		assertEquals(floor, e[2], floor * PRECISE_REL);
		assertTrue(Double.isNaN(e[3]));
		assertEquals(1, e[4], PRECISE_REL);
	}
}
