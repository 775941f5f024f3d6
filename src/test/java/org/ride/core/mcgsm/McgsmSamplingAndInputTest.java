package org.ride.core.mcgsm;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Sampling against the mixture's analytic moments, determinism, and bad-input messages. */
class McgsmSamplingAndInputTest {

	private static final int SAMPLES = 40_000;
	/** Five standard errors of the sample mean and (Gaussian-ish) covariance estimates. */
	private static final double SIGMAS = 5;

	@Test
	void sampleMomentsMatchTheMixture() {
		McgsmParams p = Golden.params(DataType.DOUBLE); // D = 2, with means, linear features, full L
		INDArray x1 = Golden.x(DataType.DOUBLE).getColumn(2, true);
		INDArray ys = new Mcgsm(p).sample(x1.repeat(1, SAMPLES), new Random(5));
		assertArrayEquals(new long[] { 2, SAMPLES }, ys.shape());
		double[][] mom = analyticMoments(p, x1.toDoubleVector());
		double[] y0 = ys.getRow(0).toDoubleVector(), y1 = ys.getRow(1).toDoubleVector();
		double m0 = mean(y0), m1 = mean(y1);
		double c00 = cov(y0, m0, y0, m0), c01 = cov(y0, m0, y1, m1), c11 = cov(y1, m1, y1, m1);
		assertEquals(mom[0][0], m0, SIGMAS * Math.sqrt(mom[1][0] / SAMPLES));
		assertEquals(mom[0][1], m1, SIGMAS * Math.sqrt(mom[1][3] / SAMPLES));
		// covariance: generous bound (heavy-tailed mixture), still far tighter than any layout error
		double tol = 0.05 * Math.max(mom[1][0], mom[1][3]);
		assertEquals(mom[1][0], c00, tol);
		assertEquals(mom[1][1], c01, tol);
		assertEquals(mom[1][3], c11, tol);
	}

	@Test
	void sameSeedSameSamples() {
		Mcgsm m = new Mcgsm(Golden.params(DataType.DOUBLE));
		INDArray x = Golden.x(DataType.DOUBLE);
		assertEquals(m.sample(x, new Random(9)), m.sample(x, new Random(9)));
		assertNotEquals(m.sample(x, new Random(9)), m.sample(x, new Random(10)));
		assertEquals(DataType.FLOAT, new Mcgsm(Golden.params(DataType.FLOAT)).sample(x, new Random(9)).dataType());
	}

	@Test
	void badInputGivesClearMessages() {
		Mcgsm m = new Mcgsm(Golden.params(DataType.DOUBLE));
		INDArray x = Golden.x(DataType.DOUBLE), y = Golden.y(DataType.DOUBLE);
		String msg = assertThrows(IllegalArgumentException.class, () -> m.logLikelihood(Nd4j.zeros(4, 6), y))
			.getMessage();
		assertTrue(msg.contains("[5 x N]") && msg.contains("[4 x 6]"), msg);
		msg = assertThrows(IllegalArgumentException.class, () -> m.logLikelihood(x, Nd4j.zeros(2, 5))).getMessage();
		assertTrue(msg.contains("6") && msg.contains("5") && msg.contains("mismatch"), msg);
		INDArray bad = x.dup();
		bad.putScalar(3, 4, Double.NaN);
		msg = assertThrows(IllegalArgumentException.class, () -> m.dataGradient(bad, y)).getMessage();
		assertTrue(msg.contains("NaN") && msg.contains("X"), msg);
		for (double v : new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) { // X is checked via log p
			INDArray infX = x.castTo(DataType.FLOAT);
			infX.putScalar(0, 2, v);
			msg = assertThrows(IllegalArgumentException.class, () -> m.logLikelihood(infX, y)).getMessage();
			assertTrue(msg.contains("Infinity") && msg.contains("X"), msg);
			msg = assertThrows(IllegalArgumentException.class, () -> m.parameterGradient(infX, y, TrainFlags.ALL))
				.getMessage();
			assertTrue(msg.contains("Infinity") && msg.contains("X"), msg);
		}
		INDArray inf = y.dup();
		inf.putScalar(1, 1, Double.POSITIVE_INFINITY);
		msg = assertThrows(IllegalArgumentException.class, () -> m.logLikelihood(x, inf)).getMessage();
		assertTrue(msg.contains("Infinity") && msg.contains("Y"), msg);
		assertThrows(IllegalArgumentException.class, () -> m.sample(Nd4j.zeros(3, 2), new Random(1)));
	}

	/** Reference maths (§6.2, §6.6) in plain Java: {mean[D], covariance row-major [D·D]} for D = 2. */
	private static double[][] analyticMoments(McgsmParams p, double[] x) {
		int k = 3, s = 2, f = 4, d = 2;
		double[] eta = p.priors().data().asDouble(), al = p.scales().data().asDouble(),
			be = p.weights().data().asDouble(), b = p.features().data().asDouble(),
			u = p.linearFeatures().data().asDouble(), mu = p.means().data().asDouble(),
			a = p.predictors().data().asDouble(), l = p.choleskyFactors().data().asDouble();
		double[] g = new double[k * s];
		double max = Double.NEGATIVE_INFINITY, z = 0;
		for (int c = 0; c < k; c++) {
			double w = 0;
			for (int n = 0; n < f; n++) {
				double fn = 0;
				for (int i = 0; i < x.length; i++) fn += b[i * f + n] * x[i];
				w += be[c * f + n] * be[c * f + n] * fn * fn;
			}
			for (int i = 0; i < x.length; i++) w -= 2 * u[c * x.length + i] * x[i];
			for (int j = 0; j < s; j++) max = Math.max(max, g[c * s + j] = eta[c * s + j] - 0.5 * Math.exp(al[c * s + j]) * w);
		}
		for (int i = 0; i < g.length; i++) z += g[i] = Math.exp(g[i] - max);
		double[] mean = new double[d], second = new double[d * d];
		for (int c = 0; c < k; c++) {
			double[] m = new double[d];
			for (int r = 0; r < d; r++) {
				m[r] = mu[r * k + c];
				for (int i = 0; i < x.length; i++) m[r] += a[(c * d + r) * x.length + i] * x[i];
			}
			// (L Lᵀ)^{-1} for L = [[1,0],[l10,l11]]
			double l10 = l[c * 4 + 2], l11 = l[c * 4 + 3];
			double p00 = 1, p01 = l10, p11 = l10 * l10 + l11 * l11, det = p00 * p11 - p01 * p01;
			double[] inv = { p11 / det, -p01 / det, -p01 / det, p00 / det };
			for (int j = 0; j < s; j++) {
				double pi = g[c * s + j] / z, var = Math.exp(-al[c * s + j]);
				for (int r = 0; r < d; r++) {
					mean[r] += pi * m[r];
					for (int q = 0; q < d; q++) second[r * d + q] += pi * (var * inv[r * d + q] + m[r] * m[q]);
				}
			}
		}
		for (int r = 0; r < d; r++)
			for (int q = 0; q < d; q++) second[r * d + q] -= mean[r] * mean[q];
		return new double[][] { mean, second };
	}

	private static double mean(double[] v) {
		double s = 0;
		for (double x : v) s += x;
		return s / v.length;
	}

	private static double cov(double[] a, double ma, double[] b, double mb) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += (a[i] - ma) * (b[i] - mb);
		return s / a.length;
	}
}
