package org.ride.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.ride.core.optim.LbfgsResult.StopReason;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

class LbfgsTest {

	private static final double X_TOL = 1e-6;

	/** f(x) = 100 (x₂ − x₁²)² + (1 − x₁)², minimum 0 at (1, 1). */
	private static final DifferentiableFunction ROSENBROCK = (x, g) -> {
		double a = x[1] - x[0] * x[0], b = 1 - x[0];
		g[0] = -400 * a * x[0] - 2 * b;
		g[1] = 200 * a;
		return 100 * a * a + b * b;
	};

	private static final double[] ROSENBROCK_START = { -1.2, 1 };

	private static double rosenbrock(double[] x) {
		return ROSENBROCK.valueAndGradient(x, new double[2]);
	}

	@Test
	void minimisesConvexQuadraticToItsExactSolution() {
		// f(x) = ½ xᵀAx − bᵀx with A = MᵀM + I (SPD, n = 30): minimiser solves A x = b
		int n = 30;
		Random rnd = new Random(7);
		double[][] mm = new double[n][n], a = new double[n][n];
		double[] b = new double[n];
		for (int i = 0; i < n; i++) {
			b[i] = rnd.nextGaussian();
			for (int j = 0; j < n; j++)
				mm[i][j] = rnd.nextGaussian() / Math.sqrt(n);
		}
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) {
				for (int k = 0; k < n; k++)
					a[i][j] += mm[k][i] * mm[k][j];
				if (i == j) a[i][j] += 1;
			}
		DifferentiableFunction f = (x, g) -> {
			double v = 0;
			for (int i = 0; i < n; i++) {
				g[i] = -b[i];
				for (int j = 0; j < n; j++)
					g[i] += a[i][j] * x[j];
				v += x[i] * (0.5 * (g[i] + b[i]) - b[i]);
			}
			return v;
		};
		// NB: the default absolute threshold 1e-9 on f stops at |x − x*| ~ 1e-6; the gradient test is sharper
		LbfgsOptions o = LbfgsOptions.defaults().withThreshold(Double.NEGATIVE_INFINITY);
		LbfgsResult r = new Lbfgs(o).minimize(f, new double[n]);
		assertEquals(StopReason.GRADIENT, r.stopReason());
		assertArrayEquals(solve(a, b), r.x(), X_TOL);
	}

	@Test
	void minimisesRosenbrockFromTheStandardStart() {
		LbfgsResult r = new Lbfgs(LbfgsOptions.defaults()).minimize(ROSENBROCK, ROSENBROCK_START.clone());
		assertArrayEquals(new double[] { 1, 1 }, r.x(), X_TOL);
		assertTrue(r.converged(), "stop reason " + r.stopReason());
		assertEquals(rosenbrock(r.x()), r.value(), 0);
		assertEquals(r.iterations() + 1, r.objectiveHistory().length);
	}

	@Test
	void stopsWhenTheDecreaseFallsBelowTheThreshold() {
		double threshold = 1e-3;
		LbfgsOptions o = LbfgsOptions.defaults().withThreshold(threshold).withEpsilon(0);
		LbfgsResult r = new Lbfgs(o).minimize(ROSENBROCK, ROSENBROCK_START.clone());
		assertEquals(StopReason.THRESHOLD, r.stopReason());
		assertTrue(r.converged());
		double[] h = r.objectiveHistory();
		int k = r.iterations();
		assertTrue(h[k - 1] - h[k] < threshold, "last decrease " + (h[k - 1] - h[k]));
		for (int i = 1; i < k; i++)
			assertTrue(h[i - 1] - h[i] >= threshold, "decrease at iteration " + i + " is " + (h[i - 1] - h[i]));
		assertTrue(rosenbrock(r.x()) > 1e-8, "a loose threshold must stop before the optimum");
	}

	@Test
	void earlyStoppingReturnsTheBestValidationParameters() {
		// The training objective (Rosenbrock) decreases at every iteration, but the validation loss is the
		// distance² to the origin: the path from (−1.2, 1) passes near it, then heads away to (1, 1).
		List<double[]> seenX = new ArrayList<>();
		List<Double> seenLoss = new ArrayList<>();
		Validation val = x -> {
			double loss = x[0] * x[0] + x[1] * x[1];
			seenX.add(x.clone());
			seenLoss.add(loss);
			return loss;
		};
		LbfgsOptions o = LbfgsOptions.defaults().withValidation(1, 4);
		LbfgsResult r = new Lbfgs(o).minimize(ROSENBROCK, ROSENBROCK_START.clone(), val, Progress.NONE,
			CancelToken.NONE);

		assertEquals(StopReason.EARLY_STOP, r.stopReason());
		int best = 0;
		for (int i = 1; i < seenLoss.size(); i++)
			if (seenLoss.get(i) < seenLoss.get(best)) best = i;
		assertEquals(seenLoss.size() - 1 - 4, best, "stops after 4 checks without improvement");
		assertArrayEquals(seenX.get(best), r.x(), 0);
		assertEquals(seenLoss.get(best), r.validationLoss(), 0);
		assertEquals(rosenbrock(seenX.get(best)), r.value(), 0);
		double[] h = r.objectiveHistory();
		for (int i = 1; i < h.length; i++)
			assertTrue(h[i] < h[i - 1], "training objective must keep improving, iteration " + i);
		assertTrue(rosenbrock(r.x()) > h[h.length - 1], "best-validation x is not the last iterate");
	}

	@Test
	void keepsTheFinalParametersWhenTheyValidateBetter() {
		// validation = training objective: it improves to the end; the last check (iteration 5) loses to x₇
		LbfgsOptions o = LbfgsOptions.defaults().withMaxIter(7).withValidation(5, 20);
		LbfgsResult r = new Lbfgs(o).minimize(ROSENBROCK, ROSENBROCK_START.clone(), LbfgsTest::rosenbrock,
			Progress.NONE, CancelToken.NONE);
		assertEquals(StopReason.MAX_ITER, r.stopReason());
		assertFalse(r.converged());
		assertEquals(7, r.iterations());
		assertEquals(1, r.validationHistory().length);
		assertEquals(r.objectiveHistory()[7], r.value(), 0);
		assertEquals(rosenbrock(r.x()), r.validationLoss(), 0);
		assertTrue(r.validationLoss() < r.validationHistory()[0]);
	}

	@Test
	void cancelEndsAtAnIterationBoundaryWithFiniteParameters() {
		CancelToken token = new CancelToken();
		List<Long> reported = new ArrayList<>();
		Progress p = (stage, step, total, msg) -> {
			reported.add(step);
			if (step == 3) token.cancel("test");
		};
		LbfgsResult r = new Lbfgs(LbfgsOptions.defaults()).minimize(ROSENBROCK, ROSENBROCK_START.clone(), null, p,
			token);
		assertEquals(StopReason.CANCELLED, r.stopReason());
		assertFalse(r.converged());
		assertEquals(3, r.iterations());
		assertEquals(List.of(1L, 2L, 3L), reported);
		for (double v : r.x())
			assertTrue(Double.isFinite(v));
		assertEquals(r.objectiveHistory()[3], rosenbrock(r.x()), 0);
		assertTrue(r.value() < rosenbrock(ROSENBROCK_START));
	}

	@Test
	void cancelBeforeTheFirstIterationReturnsTheStart() {
		CancelToken token = new CancelToken();
		token.cancel("before");
		LbfgsResult r = new Lbfgs(LbfgsOptions.defaults()).minimize(ROSENBROCK, ROSENBROCK_START.clone(), null,
			Progress.NONE, token);
		assertEquals(StopReason.CANCELLED, r.stopReason());
		assertEquals(0, r.iterations());
		assertArrayEquals(ROSENBROCK_START, r.x(), 0);
	}

	@Test
	void nonFiniteTrialPointsShortenTheStep() {
		// f(x) = x − ln x, minimum at 1; the second step overshoots to x < 0 where ln gives NaN
		int[] nanCalls = { 0 };
		DifferentiableFunction f = (x, g) -> {
			double v = x[0] - Math.log(x[0]);
			g[0] = 1 - 1 / x[0];
			if (Double.isNaN(v)) nanCalls[0]++;
			return v;
		};
		LbfgsResult r = new Lbfgs(LbfgsOptions.defaults()).minimize(f, new double[] { 5 });
		assertTrue(nanCalls[0] > 0, "the test must reach the NaN region");
		assertEquals(1, r.x()[0], X_TOL);
		assertTrue(r.converged(), "stop reason " + r.stopReason());
	}

	@Test
	void rejectsANonFiniteStart() {
		DifferentiableFunction f = (x, g) -> {
			g[0] = 0;
			return Double.NaN;
		};
		Lbfgs lbfgs = new Lbfgs(LbfgsOptions.defaults());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> lbfgs.minimize(f, new double[] { 0 }));
		assertTrue(e.getMessage().contains("starting point"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> lbfgs.minimize(f, new double[0]));
	}

	@Test
	void startsAtAStationaryPointWithoutIterating() {
		LbfgsResult r = new Lbfgs(LbfgsOptions.defaults()).minimize(ROSENBROCK, new double[] { 1, 1 });
		assertEquals(StopReason.GRADIENT, r.stopReason());
		assertEquals(0, r.iterations());
		assertArrayEquals(new double[] { 1, 1 }, r.x(), 0);
	}

	@Test
	void optionsHaveTheCmtDefaultsAndValidate() {
		LbfgsOptions d = LbfgsOptions.defaults();
		assertEquals(new LbfgsOptions(1000, 1e-9, 20, 5, 20, 100, 1e-4, 0.9, 1e-9, 1e-20, 1e20), d);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new LbfgsOptions(1000, 1e-9, 20, 5, 20, 100, 1e-4, 1e-5, 1e-9, 1e-20, 1e20));
		assertTrue(e.getMessage().contains("wolfe"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> d.withMaxIter(-1));
		assertThrows(IllegalArgumentException.class, () -> d.withValidation(0, 20));
		assertNotEquals(d, d.withThreshold(0));
	}

	/** Gaussian elimination with partial pivoting: the reference solution of A x = b. */
	private static double[] solve(double[][] a0, double[] b0) {
		int n = b0.length;
		double[][] a = new double[n][];
		double[] b = b0.clone();
		for (int i = 0; i < n; i++)
			a[i] = a0[i].clone();
		for (int c = 0; c < n; c++) {
			int p = c;
			for (int r = c + 1; r < n; r++)
				if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
			double[] t = a[c];
			a[c] = a[p];
			a[p] = t;
			double tb = b[c];
			b[c] = b[p];
			b[p] = tb;
			for (int r = c + 1; r < n; r++) {
				double factor = a[r][c] / a[c][c];
				for (int k = c; k < n; k++)
					a[r][k] -= factor * a[c][k];
				b[r] -= factor * b[c];
			}
		}
		double[] x = new double[n];
		for (int r = n - 1; r >= 0; r--) {
			double s = b[r];
			for (int k = r + 1; k < n; k++)
				s -= a[r][k] * x[k];
			x[r] = s / a[r][r];
		}
		return x;
	}
}
