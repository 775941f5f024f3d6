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
 * predictions A_k x per column; the rest is plain Java, a few passes over all columns at once (see Work.draw):
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
		double[] colD = new double[0];

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
			// NB: transposed while copied, into row-major [rows, n], so that each feature / gate row is contiguous
			// across the columns and draw's loops run along columns (auto-vectorised). The GEMM itself stays
			// column-major: a row-major output runs another kernel orientation, whose roundings differ.
			int len = rows * n;
			if (col.length < len) col = new double[len];
			if (dt == DataType.DOUBLE) {
				if (colD.length < len) colD = new double[len];
				o.data().asNioDouble().get(0, colD, 0, len);
				for (int q = 0; q < n; q++)
					for (int r = 0, at = q * rows; r < rows; r++) col[r * n + q] = colD[at + r];
			} else {
				if (colF.length < len) colF = new float[len];
				o.data().asNioFloat().get(0, colF, 0, len);
				for (int q = 0; q < n; q++)
					for (int r = 0, at = q * rows; r < rows; r++) col[r * n + q] = colF[at + r];
			}
			double sum = 0;
			for (int e = 0; e < len; e++) sum += col[e];
			if (!Double.isFinite(sum)) return null;
			double[] y = new double[d * n];
			draw(n, z, u, y);
			if (dt == DataType.FLOAT) for (int e = 0; e < y.length; e++) y[e] = (float) y[e];
			return y;
		}

		double[] wk = new double[0], gate = new double[0], max = new double[0], total = new double[0], row = new double[0];
		int[] pickL = new int[0];

		/**
		 * All n columns of the GEMM output (row-major [rows, n] in col): the (k, s) draws, then y (column-major
		 * [D, n]). NB: why batch-wise. Per column this is K·F multiply-adds, K·S gate values and K·S exps; done a
		 * column at a time the F-sums are scalar reductions, whereas with the column as the innermost loop every
		 * pass is an independent element-wise loop over n that C2 vectorises. Each value is computed with exactly
		 * the operations (and the order of summation over f and l) of the one-column form, so the draws are
		 * bit-identical to it.
		 */
		private void draw(int n, double[] z, double[] u, double[] y) {
			int ks = k * s;
			if (wk.length < n) {
				wk = new double[n];
				max = new double[n];
				total = new double[n];
				pickL = new int[n];
			}
			if (gate.length < ks * n) gate = new double[ks * n];
			if (row.length < n) row = new double[n];
			java.util.Arrays.fill(max, 0, n, Double.NEGATIVE_INFINITY);
			for (int c = 0; c < k; c++) {
				// W_k = Σ_f β²_kf (Bᵀx)_f² − 2 (Ux)_k, f ascending
				java.util.Arrays.fill(wk, 0, n, 0);
				for (int i = 0, bAt = c * f; i < f; i++) {
					double b2 = beta2[bAt + i];
					for (int q = 0, at = i * n; q < n; q++) {
						double fi = col[at + q];
						wk[q] += b2 * fi * fi;
					}
				}
				if (!dv.linZero) for (int q = 0, at = (linAt + c) * n; q < n; q++) wk[q] -= 2 * col[at + q];
				for (int j = 0; j < s; j++) {
					int l = c * s + j, g0 = l * n;
					double e = eta[l], h = 0.5 * dv.ea[l];
					for (int q = 0; q < n; q++) {
						double g = e - h * wk[q];
						gate[g0 + q] = g;
						max[q] = Math.max(max[q], g);
					}
				}
			}
			// softmax weights and their column sums, l ascending (pitfall 17: minus the column maximum)
			// NB: Gate.exp at double accuracy (≤ 5e−14 relative, floored at e^−40, i.e. ≤ 4e−18 next to the maximum's
			// 1), which C2 vectorises, where Math.exp (K·S calls per column) was a tenth of a texture's time
			java.util.Arrays.fill(total, 0, n, 0);
			for (int l = 0; l < ks; l++) {
				int g0 = l * n;
				for (int q = 0; q < n; q++) row[q] = gate[g0 + q] - max[q];
				Gate.exp(row, n, true);
				for (int q = 0; q < n; q++) total[q] += gate[g0 + q] = row[q];
			}
			// inverse CDF: the first l whose cumulative weight exceeds u·total
			for (int q = 0; q < n; q++) {
				double target = u[q] * total[q], cum = 0;
				int l = ks - 1; // u·total rounded up to the full sum
				for (int m = 0; m < ks; m++) {
					cum += gate[m * n + q];
					if (cum > target) {
						l = m;
						break;
					}
				}
				pickL[q] = l;
			}
			for (int q = 0; q < n; q++) {
				int l = pickL[q], c = l / s, yAt = q * d;
				double sd = 1 / Math.sqrt(dv.ea[l]);
				for (int r = d - 1; r >= 0; r--) { // L_kᵀ v = z, upper-triangular
					double acc = z[yAt + r];
					for (int m = r + 1; m < d; m++) acc -= chol[(c * d + m) * d + r] * y[yAt + m];
					y[yAt + r] = acc / chol[(c * d + r) * d + r];
				}
				for (int r = 0; r < d; r++)
					y[yAt + r] = y[yAt + r] * sd + mu[r * k + c] + col[(predAt + c * d + r) * n + q];
			}
		}
	}
}
