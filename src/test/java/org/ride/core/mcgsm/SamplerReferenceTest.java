package org.ride.core.mcgsm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Mcgsm#sample(INDArray, INDArray, double[])} against a per-column reference written from spec §6.2/§6.6:
 * g_ks = η_ks − ½ e^{α_ks} (Σ_n β_kn² (b_nᵀx)² − 2 u_kᵀx), (k, s) by inverse CDF of softmax g with u, then
 * y = L_k^{−T} z / √e^{α_ks} + m_k + A_k x. The golden MCGSM of §13.1, with and without linear features.
 */
class SamplerReferenceTest {

	/** f64, the same sums in another grouping */
	private static final double TOL = 1e-12;
	/** columns, so that every (k, s) gets picked several times */
	private static final int N = 200;

	@Test
	void explicitNoiseSamplesEqualTheSpecRecipe() {
		for (boolean linear : new boolean[] {true, false}) {
			McgsmParams p = Golden.params(DataType.DOUBLE);
			if (!linear) p.set("linear_features", Nd4j.zeros(DataType.DOUBLE, Golden.K, Golden.DIN));
			Random r = new Random(linear ? 3 : 4);
			double[][] x = new double[Golden.DIN][N], z = new double[Golden.D][N];
			double[] u = new double[N];
			for (int c = 0; c < N; c++) {
				for (int i = 0; i < Golden.DIN; i++) x[i][c] = 2 * r.nextGaussian();
				for (int d = 0; d < Golden.D; d++) z[d][c] = r.nextGaussian();
				u[c] = r.nextDouble();
			}
			INDArray got = new Mcgsm(p).sample(Nd4j.create(x), Nd4j.create(z), u);
			for (int c = 0; c < N; c++) {
				double[] want = reference(p, column(x, c), column(z, c), u[c]);
				for (int d = 0; d < Golden.D; d++)
					assertEquals(want[d], got.getDouble(d, c), TOL, (linear ? "with U" : "U = 0") + " column " + c);
			}
		}
	}

	private static double[] column(double[][] a, int c) {
		double[] v = new double[a.length];
		for (int i = 0; i < a.length; i++) v[i] = a[i][c];
		return v;
	}

	private static double[] reference(McgsmParams p, double[] x, double[] z, double u) {
		int k = Golden.K, s = Golden.S, d = Golden.D, f = Golden.F, nin = Golden.DIN;
		double[][] b = p.features().toDoubleMatrix(), beta = p.weights().toDoubleMatrix(), lin = p.linearFeatures()
			.toDoubleMatrix(), eta = p.priors().toDoubleMatrix(), alpha = p.scales().toDoubleMatrix(), m = p.means()
			.toDoubleMatrix();
		INDArray a = p.predictors(), l = p.choleskyFactors();
		double[] g = new double[k * s];
		double gMax = Double.NEGATIVE_INFINITY, total = 0;
		for (int c = 0; c < k; c++) {
			double w = 0;
			for (int n = 0; n < f; n++) {
				double fn = 0;
				for (int i = 0; i < nin; i++) fn += b[i][n] * x[i];
				w += beta[c][n] * beta[c][n] * fn * fn;
			}
			for (int i = 0; i < nin; i++) w -= 2 * lin[c][i] * x[i];
			for (int j = 0; j < s; j++) gMax = Math.max(gMax, g[c * s + j] = eta[c][j] - 0.5 * Math.exp(alpha[c][j]) * w);
		}
		for (double v : g) total += Math.exp(v - gMax);
		int pick = k * s - 1;
		for (int q = 0; q < k * s; q++) {
			double cdf = 0;
			for (int t = 0; t <= q; t++) cdf += Math.exp(g[t] - gMax);
			if (cdf > u * total) {
				pick = q;
				break;
			}
		}
		int c = pick / s;
		double[] y = new double[d];
		for (int r = d - 1; r >= 0; r--) { // L_kᵀ v = z: upper-triangular back substitution
			double acc = z[r];
			for (int q = r + 1; q < d; q++) acc -= l.getDouble(c, q, r) * y[q];
			y[r] = acc / l.getDouble(c, r, r);
		}
		double sd = Math.exp(-0.5 * alpha[c][pick % s]);
		for (int r = 0; r < d; r++) {
			double pred = m[r][c];
			for (int i = 0; i < nin; i++) pred += a.getDouble(c, r, i) * x[i];
			y[r] = y[r] * sd + pred;
		}
		return y;
	}
}
