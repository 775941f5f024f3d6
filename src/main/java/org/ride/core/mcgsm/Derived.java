package org.ride.core.mcgsm;

import static org.ride.core.mcgsm.McgsmParams.*;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The small constant matrices that turn the MCGSM (spec §6.2) into a handful of GEMMs over all samples, and
 * the per-(k, s) constants of the gate ({@link Gate}), rebuilt from the parameters for every call (they cost
 * O(K·S·K + K·D·N_in), nothing per sample). Index l = k·S + s enumerates the (component, scale) pairs,
 * component-major. Shapes ('f' order, dtype of the parameters):
 * <pre>
 *   ea, h0 double[KS]  e^{α_l} and h0_l = η_l + (D/2) α_l + Σ_d log|L_k[d,d]| − (D/2) log 2π
 *   wexp  [KS, K]      wexp[l, k(l)] = −½ e^{α_l}           eta [KS, 1]: η_l        (for the sampler)
 *   beta2 [K, F]       β∘β, so W = beta2 · (F∘F)
 *   feat  [N_in, F]    B;     lin [K, N_in] = U  (null when U = 0)
 *   cx    [KD, N_in]   rows k·D+d of −L_kᵀ A_k           so  z_k = L_kᵀ (y − A_k x − m_k) = cy·y + cx·x + c0
 *   cy    [KD, D]      rows of L_kᵀ;   c0 [KD, 1]: −L_kᵀ m_k
 * </pre>
 */
final class Derived {

	final McgsmParams p;
	final int k, s, d, f, n;
	/** e^{α_l} and h0_l (see {@link Gate}), component-major [K·S]. */
	final double[] ea, h0;
	final INDArray wexp, eta, beta2, feat, lin, cx, cy, c0;
	final boolean linZero, meanZero;

	Derived(McgsmParams p) {
		this.p = p;
		McgsmConfig c = p.config();
		k = c.numComponents();
		s = c.numScales();
		d = c.dimOut();
		f = c.numFeatures();
		n = c.dimIn();
		DataType dt = p.dataType();
		double[] alpha = p.raw(SCALES), etaV = p.raw(PRIORS), l = p.raw(CHOLESKY);
		ea = new double[k * s];
		double[] we = new double[k * s * k];
		h0 = new double[k * s];
		for (int c0 = 0; c0 < k; c0++) {
			double logDet = 0;
			for (int m = 0; m < d; m++) logDet += Math.log(Math.abs(l[(c0 * d + m) * d + m]));
			for (int j = 0; j < s; j++) {
				int li = c0 * s + j;
				ea[li] = Math.exp(alpha[li]);
				we[li * k + c0] = -0.5 * ea[li];
				h0[li] = etaV[li] + 0.5 * d * alpha[li] + logDet - 0.5 * d * Math.log(2 * Math.PI);
			}
		}
		wexp = mat(we, k * s, k, dt);
		eta = mat(etaV, k * s, 1, dt);
		double[] b = p.raw(WEIGHTS), b2 = new double[b.length];
		for (int i = 0; i < b.length; i++) b2[i] = b[i] * b[i];
		beta2 = mat(b2, k, f, dt);
		feat = mat(p.raw(FEATURES), n, f, dt);
		linZero = allZero(p.raw(LINEAR));
		lin = linZero ? null : mat(p.raw(LINEAR), k, n, dt);
		meanZero = allZero(p.raw(MEANS));
		cx = mat(stackLtA(), k * d, n, dt);
		cy = mat(stackLt(), k * d, d, dt);
		c0 = mat(ltMeans(), k * d, 1, dt);
	}

	/** L_k[i][j] of the current parameters. */
	double chol(int c, int i, int j) {
		return p.raw(CHOLESKY)[(c * d + i) * d + j];
	}

	/** −L_kᵀ A_k stacked over k, row-major [KD, N_in]. */
	private double[] stackLtA() {
		double[] a = p.raw(PREDICTORS), out = new double[k * d * n];
		for (int c = 0; c < k; c++)
			for (int r = 0; r < d; r++)
				for (int m = r; m < d; m++) { // L_kᵀ[r, m] = L_k[m, r], zero for m < r
					double lmr = chol(c, m, r);
					for (int i = 0; i < n; i++) out[(c * d + r) * n + i] -= lmr * a[(c * d + m) * n + i];
				}
		return out;
	}

	/** L_kᵀ stacked over k, row-major [KD, D]. */
	private double[] stackLt() {
		double[] out = new double[k * d * d];
		for (int c = 0; c < k; c++)
			for (int r = 0; r < d; r++)
				for (int m = 0; m < d; m++) out[(c * d + r) * d + m] = chol(c, m, r);
		return out;
	}

	/** −L_kᵀ m_k stacked over k, [KD]. */
	private double[] ltMeans() {
		double[] mu = p.raw(MEANS), out = new double[k * d];
		for (int c = 0; c < k; c++)
			for (int r = 0; r < d; r++)
				for (int m = r; m < d; m++) out[c * d + r] -= chol(c, m, r) * mu[m * k + c];
		return out;
	}

	/** A row-major [rows, cols] double array as a new 'f'-order ND4J matrix of {@code dt}. */
	static INDArray mat(double[] rowMajor, int rows, int cols, DataType dt) {
		long[] shape = { rows, cols };
		// NB: one ND4J call per matrix (transposed here to column-major), as this runs on every evaluation.
		if (dt == DataType.DOUBLE) {
			double[] cm = new double[rows * cols];
			for (int i = 0; i < rows; i++)
				for (int j = 0; j < cols; j++) cm[j * rows + i] = rowMajor[i * cols + j];
			return Nd4j.create(cm, shape, 'f');
		}
		float[] cm = new float[rows * cols];
		for (int i = 0; i < rows; i++)
			for (int j = 0; j < cols; j++) cm[j * rows + i] = (float) rowMajor[i * cols + j];
		return Nd4j.create(cm, shape, 'f');
	}

	/** The entries of a matrix as a row-major double array. */
	static double[] rowMajor(INDArray a) {
		if (a.rank() == 2 && a.ordering() == 'f' && !a.isView() && a.data().length() == a.length()) {
			double[] cm = a.data().asDouble();
			int rows = (int) a.rows(), cols = (int) a.columns();
			double[] rm = new double[cm.length];
			for (int i = 0; i < rows; i++)
				for (int j = 0; j < cols; j++) rm[i * cols + j] = cm[j * rows + i];
			return rm;
		}
		return a.dup('c').data().asDouble();
	}

	private static boolean allZero(double[] v) {
		for (double x : v)
			if (x != 0) return false;
		return true;
	}
}
