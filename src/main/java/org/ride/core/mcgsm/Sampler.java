package org.ride.core.mcgsm;

import static org.ride.core.mcgsm.McgsmParams.*;

import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Ancestral sampling from the MCGSM (spec §6.6), batched: the gate log-weights G [KS, N] and all
 * predictions A_k x [KD, N] come from GEMMs, the per-sample draws from plain Java.
 * <p>
 * For each column n = 0..N−1 in turn, draws from {@code rng} in this order (so other code can reproduce it):
 * <ol>
 *   <li>z ∈ R^D: D × {@code nextGaussian()};</li>
 *   <li>u: one {@code nextDouble()}, which picks l = k·S + s (component-major) by walking the CDF of
 *       softmax_l G[·, n]; the first l whose cumulative probability exceeds u is taken.</li>
 * </ol>
 * Then y = L_k^{−T} z / sqrt(e^{α_ks}) + m_k + A_k x, whose covariance is (e^{α_ks} L_k L_kᵀ)^{−1}.
 * NB: the softmax subtracts the column maximum (pitfall 17), unlike cmt, so it never yields NaN.
 */
final class Sampler {

	private Sampler() {}

	/** Draws z and u per column in the documented order, then {@link #sample(Derived, INDArray, double[], double[])}. */
	static INDArray sample(Derived dv, INDArray x, Random rng) {
		int d = dv.d, n = Math.toIntExact(x.columns());
		double[] z = new double[d * n], u = new double[n];
		for (int col = 0; col < n; col++) {
			for (int r = 0; r < d; r++) z[col * d + r] = rng.nextGaussian();
			u[col] = rng.nextDouble();
		}
		return sample(dv, x, z, u);
	}

	/**
	 * Samples with explicit noise: column n uses z[n·D .. n·D+D) (standard normal, column-major [D, N]) and
	 * u[n] ∈ [0, 1) for the (k, s) draw.
	 */
	static INDArray sample(Derived dv, INDArray x, double[] z, double[] u) {
		int k = dv.k, s = dv.s, d = dv.d, ks = k * s;
		int n = Math.toIntExact(x.columns());
		DataType dt = dv.p.dataType();
		INDArray f = Nd4j.gemm(dv.feat, x, Pass.buf(dt, dv.f, n), true, false, 1.0, 0.0);
		f.muli(f);
		INDArray w = Nd4j.gemm(dv.beta2, f, Pass.buf(dt, k, n), false, false, 1.0, 0.0);
		if (!dv.linZero) Nd4j.gemm(dv.lin, x, w, false, false, -2.0, 1.0);
		INDArray g = Nd4j.gemm(dv.wexp, w, Pass.buf(dt, ks, n), false, false, 1.0, 0.0).addiColumnVector(dv.eta);
		INDArray a = Derived.mat(dv.p.raw(PREDICTORS), k * d, dv.n, dt);
		INDArray pr = Nd4j.gemm(a, x, Pass.buf(dt, k * d, n), false, false, 1.0, 0.0);
		double[] gate = g.data().asDouble(), pred = pr.data().asDouble(); // 'f' order: column-major
		double[] mu = dv.p.raw(MEANS), y = new double[d * n], prob = new double[ks];
		for (int col = 0; col < n; col++) {
			int l = pick(gate, col * ks, prob, u[col]);
			int c = l / s;
			double sd = 1 / Math.sqrt(dv.ea[l]);
			for (int r = d - 1; r >= 0; r--) { // L_kᵀ v = z, upper-triangular
				double acc = z[col * d + r];
				for (int m = r + 1; m < d; m++) acc -= dv.chol(c, m, r) * y[col * d + m];
				y[col * d + r] = acc / dv.chol(c, r, r);
			}
			for (int r = 0; r < d; r++)
				y[col * d + r] = y[col * d + r] * sd + mu[r * k + c] + pred[col * k * d + c * d + r];
		}
		return Nd4j.create(y, new long[] { d, n }, 'f').castTo(dt);
	}

	/** Index drawn from softmax(gate[at .. at+prob.length)) by inverse CDF with uniform u. */
	private static int pick(double[] gate, int at, double[] prob, double u) {
		double max = Double.NEGATIVE_INFINITY, total = 0;
		for (int l = 0; l < prob.length; l++) max = Math.max(max, gate[at + l]);
		for (int l = 0; l < prob.length; l++) total += prob[l] = Math.exp(gate[at + l] - max);
		double target = u * total, cum = 0;
		for (int l = 0; l < prob.length; l++) {
			cum += prob[l];
			if (cum > target) return l;
		}
		return prob.length - 1; // u·total rounded up to the full sum
	}
}
