package org.ride.core.mcgsm;

import static org.ride.core.mcgsm.McgsmParams.*;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.ride.core.nd.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Ancestral sampling from the MCGSM (spec §6.6), batched: ONE GEMM of the stacked matrix [Bᵀ; U; A] 'f'
 * [F + K + KD, N_in] (U rows only when U ≠ 0) with X gives the features Bᵀx, the linear terms Ux and all
 * predictions A_k x per column; the rest is one plain-Java pass per column:
 * W_k = Σ_f β²_kf (Bᵀx)_f² − 2 (Ux)_k, the gate log-weights G_l = η_l − ½ e^{α_l} W_k(l), the (k, s) draw and the Gaussian draw.
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

	/** Column counts whose GEMM outputs are kept (a wavefront uses one per distinct block size). */
	private static final int KEEP_WIDTHS = 64;
	/**
	 * Works of the latest Derived, each taken while a call runs (so concurrent calls, e.g. the batch parts of a
	 * sampler, never share one; a few are kept so that they need not be rebuilt per call).
	 */
	private static final java.util.ArrayDeque<Work> IDLE = new java.util.ArrayDeque<>();
	private static final int IDLE_KEPT = 4;

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
		int n = Math.toIntExact(x.columns());
		double[] y = sampleColumns(dv, x, z, u);
		if (y == null) throw new IllegalStateException("non-finite MCGSM features; the caller checks X first");
		if (dv.p.dataType() == DataType.DOUBLE) return Nd4j.create(y, new long[] {dv.d, n}, 'f');
		float[] yf = new float[y.length];
		for (int e = 0; e < yf.length; e++) yf[e] = (float) y[e];
		return Nd4j.create(yf, new long[] {dv.d, n}, 'f');
	}

	/**
	 * As {@link #sample(Derived, INDArray, double[], double[])} into a Java array, column-major [D, N] (values
	 * rounded to the model's dtype, as the INDArray form returns them); null when the GEMM output is not finite
	 * (non-finite X), so that the caller can name the problem.
	 */
	static double[] sampleColumns(Derived dv, INDArray x, double[] z, double[] u) {
		Work w;
		synchronized (IDLE) {
			w = IDLE.pollFirst();
			if (w != null && w.dv != dv) { // another model's: drop them all
				IDLE.clear();
				w = null;
			}
		}
		if (w == null) w = new Work(dv);
		try {
			return w.sample(x, z, u);
		} finally {
			synchronized (IDLE) {
				if (IDLE.size() < IDLE_KEPT && (IDLE.isEmpty() || IDLE.peekFirst().dv == w.dv)) IDLE.addFirst(w);
			}
		}
	}

	/** The stacked matrix and Java copies of the small constants of one {@link Derived}, and GEMM outputs per width. */
	private static final class Work {
		final Derived dv;
		final int k, s, d, f, rows, linAt, predAt;
		final INDArray stacked; // [rows, N_in] 'f'
		final double[] beta2, eta, chol, mu; // β² [K, F]; η [K·S]; L_k[i][j] at (k·D + i)·D + j; m [D, K]
		final Map<Integer, INDArray> out = new HashMap<>();
		double[] col = new double[0];
		float[] colF = new float[0];

		Work(Derived dv) {
			this.dv = dv;
			k = dv.k;
			s = dv.s;
			d = dv.d;
			f = dv.f;
			int nin = dv.n;
			linAt = f;
			predAt = f + (dv.linZero ? 0 : k);
			rows = predAt + k * d;
			double[] m = new double[rows * nin], b = dv.p.raw(FEATURES), a = dv.p.raw(PREDICTORS);
			for (int r = 0; r < f; r++)
				for (int i = 0; i < nin; i++) m[r * nin + i] = b[i * f + r];
			if (!dv.linZero) System.arraycopy(dv.p.raw(LINEAR), 0, m, linAt * nin, k * nin);
			System.arraycopy(a, 0, m, predAt * nin, k * d * nin);
			stacked = Derived.mat(m, rows, nin, dv.p.dataType());
			double[] beta = dv.p.raw(WEIGHTS);
			beta2 = new double[beta.length];
			for (int i = 0; i < beta.length; i++) beta2[i] = beta[i] * beta[i];
			eta = dv.p.raw(PRIORS).clone();
			chol = dv.p.raw(CHOLESKY).clone();
			mu = dv.p.raw(MEANS).clone();
		}

		double[] sample(INDArray x, double[] z, double[] u) {
			int n = Math.toIntExact(x.columns());
			DataType dt = dv.p.dataType();
			INDArray o = out.get(n);
			if (o == null) {
				if (out.size() >= KEEP_WIDTHS) out.clear();
				o = Pass.buf(dt, rows, n);
				out.put(n, o);
			}
			Blas.gemm(stacked, x, o, false, false, 1.0, 0.0);
			int len = rows * n;
			if (col.length < len) col = new double[len];
			if (dt == DataType.DOUBLE) {
				o.data().asNioDouble().get(0, col, 0, len);
			} else {
				if (colF.length < len) colF = new float[len];
				o.data().asNioFloat().get(0, colF, 0, len);
				for (int e = 0; e < len; e++) col[e] = colF[e];
			}
			double sum = 0;
			for (int e = 0; e < len; e++) sum += col[e];
			if (!Double.isFinite(sum)) return null;
			double[] y = new double[d * n], gate = new double[k * s], prob = new double[k * s];
			for (int c = 0; c < n; c++) draw(c * rows, gate, prob, z, c * d, u[c], y);
			if (dt == DataType.FLOAT) for (int e = 0; e < y.length; e++) y[e] = (float) y[e];
			return y;
		}

		/** One column of the GEMM output at {@code at}: the (k, s) draw, then y into y[yAt .. yAt + D). */
		private void draw(int at, double[] gate, double[] prob, double[] z, int yAt, double u, double[] y) {
			for (int c = 0; c < k; c++) {
				double w = 0;
				for (int i = 0, bAt = c * f; i < f; i++) {
					double fi = col[at + i];
					w += beta2[bAt + i] * fi * fi;
				}
				if (!dv.linZero) w -= 2 * col[at + linAt + c];
				for (int j = 0; j < s; j++) gate[c * s + j] = eta[c * s + j] - 0.5 * dv.ea[c * s + j] * w;
			}
			int l = pick(gate, 0, prob, u);
			int c = l / s;
			double sd = 1 / Math.sqrt(dv.ea[l]);
			for (int r = d - 1; r >= 0; r--) { // L_kᵀ v = z, upper-triangular
				double acc = z[yAt + r];
				for (int m = r + 1; m < d; m++) acc -= chol[(c * d + m) * d + r] * y[yAt + m];
				y[yAt + r] = acc / chol[(c * d + r) * d + r];
			}
			for (int r = 0; r < d; r++)
				y[yAt + r] = y[yAt + r] * sd + mu[r * k + c] + col[at + predAt + c * d + r];
		}
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
