package org.ride.core.mcgsm;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Central finite differences of J (all 8 groups) and of log p (data) for D = 1 and D = 2. */
class McgsmGradientTest {

	private static final double STEP = 1e-5;
	/** Central differences in double: truncation O(h²) ≈ 1e-10 plus rounding ≈ 1e-11/h. */
	private static final double FD_TOL = 1e-6;
	private static final int PER_BLOCK = 5;

	@Test
	void parameterGradientMatchesFiniteDifferencesD1() {
		checkParameters(new McgsmConfig(4, 1, 3, 2, 3), 11);
	}

	@Test
	void parameterGradientMatchesFiniteDifferencesD2() {
		checkParameters(new McgsmConfig(3, 2, 2, 3, 4), 12);
	}

	@Test
	void parameterGradientMatchesFiniteDifferencesD3() {
		checkParameters(new McgsmConfig(2, 3, 2, 2, 0), 13);
	}

	@Test
	void dataGradientMatchesFiniteDifferencesD1() {
		checkData(new McgsmConfig(4, 1, 3, 2, 3), 21);
	}

	@Test
	void dataGradientMatchesFiniteDifferencesD2() {
		checkData(new McgsmConfig(3, 2, 2, 3, 4), 22);
	}

	@Test
	void cholesky_countIsKDDplus1over2MinusK() {
		McgsmParams p = model(new McgsmConfig(3, 3, 4, 2, 2), 1).params();
		int other = 4 * 2 * 2 + 4 * 2 + 3 * 2 + 4 * 3 * 3;
		assertEquals(other + 4 * 3 * 4 / 2 - 4, p.numParameters(TrainFlags.DEFAULT));
		assertEquals(4 * 5, p.config().numCholeskyParameters());
		assertEquals(0, new McgsmConfig(3, 1, 4, 2, 2).numCholeskyParameters());
	}

	private static void checkParameters(McgsmConfig c, long seed) {
		Mcgsm m = model(c, seed);
		Random rng = new Random(seed + 100);
		INDArray x = randn(c.dimIn(), 7, rng), y = randn(c.dimOut(), 7, rng);
		McgsmParams p = m.params();
		double[] theta = p.toVector(TrainFlags.ALL);
		double[] grad = m.parameterGradient(x, y, TrainFlags.ALL).gradient();
		assertEquals(theta.length, grad.length);
		for (int i : probes(p, TrainFlags.ALL)) {
			double keep = theta[i];
			theta[i] = keep + STEP;
			p.setFromVector(theta, TrainFlags.ALL);
			double up = m.parameterGradient(x, y, TrainFlags.ALL).objective();
			theta[i] = keep - STEP;
			p.setFromVector(theta, TrainFlags.ALL);
			double down = m.evaluate(x, y, false, null).objective();
			theta[i] = keep;
			p.setFromVector(theta, TrainFlags.ALL);
			double fd = (up - down) / (2 * STEP);
			assertEquals(fd, grad[i], FD_TOL * (1 + Math.abs(fd)), "parameter " + i + " of " + theta.length + " for " + c);
		}
	}

	/**
	 * Indices of the flat vector to probe: every entry of small blocks, else first, last and evenly spaced
	 * ones ({@link #PER_BLOCK} per group), which keeps the test fast; the golden test covers every position.
	 */
	private static int[] probes(McgsmParams p, TrainFlags flags) {
		java.util.List<Integer> out = new java.util.ArrayList<>();
		boolean[] on = flags.asArray();
		int at = 0;
		for (int g = 0; g < 8; g++) {
			if (!on[g]) continue;
			int size = p.blockSize(g);
			for (int j = 0; j < Math.min(size, PER_BLOCK); j++)
				out.add(at + (size <= PER_BLOCK ? j : (int) Math.round(j * (size - 1.0) / (PER_BLOCK - 1))));
			at += size;
		}
		return out.stream().mapToInt(Integer::intValue).toArray();
	}

	private static void checkData(McgsmConfig c, long seed) {
		Mcgsm m = model(c, seed);
		Random rng = new Random(seed + 100);
		int n = 5;
		INDArray x = randn(c.dimIn(), n, rng), y = randn(c.dimOut(), n, rng);
		McgsmResult r = m.dataGradient(x, y);
		checkData(m, x, y, x, r.gradX(), "x");
		checkData(m, x, y, y, r.gradY(), "y");
	}

	/** Perturbs each entry of {@code target} (x or y) and compares with the analytic gradient column. */
	private static void checkData(Mcgsm m, INDArray x, INDArray y, INDArray target, INDArray grad, String name) {
		for (int i = 0; i < target.rows(); i++)
			for (int n = 0; n < target.columns(); n++) {
				double keep = target.getDouble(i, n);
				target.putScalar(i, n, keep + STEP);
				double up = m.logLikelihood(x, y).getDouble(0, n);
				target.putScalar(i, n, keep - STEP);
				double down = m.logLikelihood(x, y).getDouble(0, n);
				target.putScalar(i, n, keep);
				double fd = (up - down) / (2 * STEP);
				assertEquals(fd, grad.getDouble(i, n), FD_TOL * (1 + Math.abs(fd)), name + "[" + i + "," + n + "]");
			}
	}

	/** A random model with every group non-trivial (non-zero U, M, off-diagonal L, O(1) weights). */
	static Mcgsm model(McgsmConfig c, long seed) {
		Random rng = new Random(seed);
		McgsmParams p = new McgsmParams(c, DataType.DOUBLE, rng);
		int k = c.numComponents(), d = c.dimOut();
		p.set("priors", randn(k, c.numScales(), rng).muli(0.5));
		p.set("weights", randn(k, c.numFeatures(), rng).muli(0.5));
		p.set("features", randn(c.dimIn(), c.numFeatures(), rng).muli(0.5));
		p.set("linear_features", randn(k, c.dimIn(), rng).muli(0.2));
		p.set("means", randn(d, k, rng).muli(0.3));
		double[] l = new double[k * d * d];
		for (int a = 0; a < k; a++)
			for (int i = 0; i < d; i++) {
				l[(a * d + i) * d + i] = 0.7 + 0.5 * rng.nextDouble();
				for (int j = 0; j < i; j++) l[(a * d + i) * d + j] = 0.4 * rng.nextGaussian();
			}
		p.set("cholesky_factors", Nd4j.create(l, new long[] { k, d, d }, DataType.DOUBLE));
		return new Mcgsm(p);
	}

	static INDArray randn(int rows, int cols, Random rng) {
		double[] v = new double[rows * cols];
		for (int i = 0; i < v.length; i++) v[i] = rng.nextGaussian();
		return Nd4j.create(v, new long[] { rows, cols }, DataType.DOUBLE);
	}
}
