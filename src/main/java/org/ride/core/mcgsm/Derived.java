package org.ride.core.mcgsm;

import static org.ride.core.mcgsm.McgsmParams.*;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The small constant matrices that turn the MCGSM (spec §6.2) into a handful of GEMMs over all samples,
 * rebuilt from the parameters for every call (they cost O(K·S·K + K·D·N_in), nothing per sample).
 * Index l = k·S + s enumerates the (component, scale) pairs, component-major. Shapes ('f' order, dtype of
 * the parameters):
 * <pre>
 *   wexp  [KS, K]      wexp[l, k(l)] = −½ e^{α_l}           eta [KS, 1]: η_l
 *   gateG [KS, K+1]    [wexp | η]    so  G = gateG · [W; 1]  = η − ½ e^α w           (gate log-weights)
 *   gateH [KS, K+1]    [wexp | h0]   so  H = gateH · [W+Q; 1] = g + ℓ, with
 *                      h0_l = η_l + (D/2) α_l + Σ_d log|L_k[d,d]| − (D/2) log 2π
 *   expT  [K, KS]      expT[k(l), l] = e^{α_l}             so  ρ = expT · R_out
 *   beta2 [K, F]       β∘β;   beta2a [K+1, F+1] = [[β∘β, 0], [0, 1]]  so  [W; 1] = beta2a · [F∘F; 1]
 *   feat  [N_in, F]    B;     lin [K, N_in] = U,  lina [K+1, N_in] = [U; 0]  (null when U = 0)
 *   cx    [KD, N_in]   rows k·D+d of −L_kᵀ A_k           so  z_k = L_kᵀ (y − A_k x − m_k) = cy·y + cx·x + c0
 *   cy    [KD, D]      rows of L_kᵀ;   c0 [KD, 1]: −L_kᵀ m_k
 *   sblka [K+1, KD]    block summation sblka[k, k·D+d] = 1, last row 0, so [Q; 0] = sblka · (Z∘Z)
 *   rep   [KD, K]      rep[k·D+d, k] = 1 (expands ρ over d; only for D > 1)
 * </pre>
 * NB: the appended ones row ([W; 1]) folds the per-(k,s) constants into the GEMMs and makes the row sums
 * of R_in, R_out fall out of the α-gradient GEMMs for free (ND4J's row reductions are slow).
 */
final class Derived {

	final McgsmParams p;
	final int k, s, d, f, n;
	final double[] ea;
	final INDArray wexp, eta, gateG, gateH, expT, beta2, beta2a, feat, lin, lina, cx, cy, c0, sblka, rep;
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
		double[] we = new double[k * s * k], et = new double[k * k * s], h = new double[k * s];
		for (int c0 = 0; c0 < k; c0++) {
			double logDet = 0;
			for (int m = 0; m < d; m++) logDet += Math.log(Math.abs(l[(c0 * d + m) * d + m]));
			for (int j = 0; j < s; j++) {
				int li = c0 * s + j;
				ea[li] = Math.exp(alpha[li]);
				we[li * k + c0] = -0.5 * ea[li];
				et[c0 * k * s + li] = ea[li];
				h[li] = etaV[li] + 0.5 * d * alpha[li] + logDet - 0.5 * d * Math.log(2 * Math.PI);
			}
		}
		wexp = mat(we, k * s, k, dt);
		eta = mat(etaV, k * s, 1, dt);
		gateG = mat(append(we, k * s, k, etaV), k * s, k + 1, dt);
		gateH = mat(append(we, k * s, k, h), k * s, k + 1, dt);
		expT = mat(et, k, k * s, dt);
		double[] b = p.raw(WEIGHTS), b2 = new double[b.length], b2a = new double[(k + 1) * (f + 1)];
		for (int i = 0; i < b.length; i++) b2a[(i / f) * (f + 1) + i % f] = b2[i] = b[i] * b[i];
		b2a[b2a.length - 1] = 1;
		beta2 = mat(b2, k, f, dt);
		beta2a = mat(b2a, k + 1, f + 1, dt);
		feat = mat(p.raw(FEATURES), n, f, dt);
		linZero = allZero(p.raw(LINEAR));
		lin = linZero ? null : mat(p.raw(LINEAR), k, n, dt);
		lina = linZero ? null : mat(java.util.Arrays.copyOf(p.raw(LINEAR), (k + 1) * n), k + 1, n, dt);
		meanZero = allZero(p.raw(MEANS));
		cx = mat(stackLtA(), k * d, n, dt);
		cy = mat(stackLt(), k * d, d, dt);
		c0 = mat(ltMeans(), k * d, 1, dt);
		double[] sb = new double[(k + 1) * k * d], rp = new double[k * d * k];
		for (int c0 = 0; c0 < k; c0++)
			for (int m = 0; m < d; m++) {
				sb[c0 * k * d + c0 * d + m] = 1;
				rp[(c0 * d + m) * k + c0] = 1;
			}
		sblka = mat(sb, k + 1, k * d, dt);
		rep = d > 1 ? mat(rp, k * d, k, dt) : null;
	}

	/** Row-major [rows, cols] with {@code column} appended as column {@code cols}. */
	private static double[] append(double[] a, int rows, int cols, double[] column) {
		double[] out = new double[rows * (cols + 1)];
		for (int i = 0; i < rows; i++) {
			System.arraycopy(a, i * cols, out, i * (cols + 1), cols);
			out[i * (cols + 1) + cols] = column[i];
		}
		return out;
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
