package org.ride.core.mcgsm;

import java.util.Arrays;

/**
 * The per-sample, non-GEMM part of the MCGSM (spec §6.2–6.4) in one plain-Java pass over blocks of columns,
 * reading Wᵀ [n, K] and Zᵀ [n, KD] and writing log p, ρᵀ, tᵀ [n, K] and (ρZ)ᵀ [n, KD] straight from/to
 * ND4J's off-heap memory ({@link OffHeap}; 'f' order, so each row of W, i.e. one component over all samples,
 * is contiguous). For every sample, with l = (k, s), w_k from W and q_k = ‖z_k‖²:
 * <pre>
 *   g_l = η_l − ½ e^{α_l} w_k                     h_l = h0_l − ½ e^{α_l} (w_k + q_k)   (= g_l + ℓ_l)
 *   log p = LSE_l h − LSE_l g                      R_in = softmax_l g,  R_out = softmax_l h
 *   ρ_k = Σ_s e^{α_ks} R_out,ks    t_k = ρ_k − Σ_s e^{α_ks} R_in,ks    (ρZ)_kd = ρ_k z_kd
 * </pre>
 * and the per-(k, s) sums of §6.4 over all samples seen since {@link #reset}: Σ R_in, Σ R_out, Σ R_in w_k,
 * Σ R_out (w_k + q_k), plus Σ log p. This replaces the ND4J chain max/sub/exp/sum/div (two K·S-row
 * GEMMs for the gates, two for ρ and t and two for the α sums) by a single pass.
 * <p>
 * NB: every work array is [rows][block] with the sample index innermost, so every loop runs over the
 * samples of a block with unit stride and no reduction between iterations, which C2 vectorises; the sums
 * over samples are kept per lane and reduced once per chunk ({@link #sums}). Internally the (k, s) pairs
 * are scale-major, i = s·K + k; {@link #sums} returns them component-major (l = k·S + s) like the rest of
 * the package. Work arrays are per instance: not thread-safe. (Log p alone of a FLOAT model at fast maths runs in
 * single precision instead: {@link FloatGate}.)
 */
final class Gate {

	/** Columns per block: long unit-stride loops (256 measured 1.4× faster than 64), work arrays ≈ 1.7 MB in L2. */
	static final int BLOCK = 256;

	/** Columns per block of this instance: BLOCK, or fewer for narrow chunks. */
	private final int blk;
	private final int k, s, d, ks, kd;
	/** Whether exp runs at double accuracy (DOUBLE models, or {@link Mcgsm#setExactMath}); else at float accuracy. */
	private boolean precise;
	/** Scale-major constants: −½ e^α, η, h0, e^α. */
	private final double[] we, eta, h0, ea;
	/** [rows][blk]: w, z, w + q, exponentials of g (ex[i]) and h (ex[KS + i]), ρ, t, ρZ. */
	private final double[][] w, z, wq, ex, rho, t, rz;
	/** Per column of a block: maxima, then inverse sums of g and h; log p; one row of exponentials. */
	private final double[] mg, mh, sg, sh, logp, row;
	/** Per-lane sums [KS][blk], scale-major: R_in, R_out, R_in·w, R_out·(w+q). */
	private final double[][] sIn, sOut, sInW, sOutWQ;
	double logpSum;

	/**
	 * @param precise full double accuracy of the exponentials (DOUBLE models), else float accuracy
	 * @param columns the chunk width, which bounds the block width (and the memory used)
	 */
	Gate(int k, int s, int d, boolean precise, int columns) {
		this.precise = precise;
		blk = Math.min(BLOCK, columns);
		this.k = k;
		this.s = s;
		this.d = d;
		ks = k * s;
		kd = k * d;
		we = new double[ks];
		eta = new double[ks];
		h0 = new double[ks];
		ea = new double[ks];
		w = new double[k][blk];
		z = new double[kd][blk];
		wq = new double[k][blk];
		ex = new double[2 * ks][blk];
		rho = new double[k][blk];
		t = new double[k][blk];
		rz = new double[kd][blk];
		mg = new double[blk];
		mh = new double[blk];
		sg = new double[blk];
		sh = new double[blk];
		logp = new double[blk];
		row = new double[2 * blk];
		sIn = new double[ks][blk];
		sOut = new double[ks][blk];
		sInW = new double[ks][blk];
		sOutWQ = new double[ks][blk];
	}

	/**
	 * Takes the constants of the current parameters and zeroes the sums; {@code precise} as in the constructor
	 * (the exact-math switch may change between calls).
	 */
	void reset(Derived dv, boolean precise) {
		this.precise = precise;
		double[] etaV = dv.p.raw(McgsmParams.PRIORS);
		for (int c = 0; c < k; c++)
			for (int j = 0; j < s; j++) {
				int i = j * k + c, l = c * s + j;
				ea[i] = dv.ea[l];
				we[i] = -0.5 * dv.ea[l];
				eta[i] = etaV[l];
				h0[i] = dv.h0[l];
			}
		for (double[][] a : new double[][][] { sIn, sOut, sInW, sOutWQ })
			for (double[] r : a) Arrays.fill(r, 0);
		logpSum = 0;
	}

	/**
	 * Runs over n columns. {@code lp} gets log p at positions {@code lpAt + j}; with {@code full}, ρᵀ, tᵀ
	 * [n, K] and (ρZ)ᵀ [n, KD] are written and the sums accumulated, otherwise only log p is computed.
	 */
	void run(int n, OffHeap wIn, OffHeap zIn, OffHeap lp, int lpAt, boolean full, OffHeap rhoOut, OffHeap tOut,
		OffHeap rzOut) {
		for (int j0 = 0; j0 < n; j0 += blk) {
			int b = Math.min(blk, n - j0);
			for (int c = 0; c < k; c++) wIn.read(c * n + j0, w[c], 0, b);
			for (int r = 0; r < kd; r++) zIn.read(r * n + j0, z[r], 0, b);
			if (b < blk) clearTail(b);
			energies(full);
			logLikelihood(b);
			lp.write(lpAt + j0, logp, 0, b);
			if (!full) continue;
			responsibilities();
			for (int c = 0; c < k; c++) rhoOut.write(c * n + j0, rho[c], 0, b);
			for (int c = 0; c < k; c++) tOut.write(c * n + j0, t[c], 0, b);
			for (int r = 0; r < kd; r++) rzOut.write(r * n + j0, rz[r], 0, b);
		}
	}

	/** Zeroes the unused lanes of a short last block, so they stay finite. */
	private void clearTail(int b) {
		for (double[] r : w) Arrays.fill(r, b, blk, 0);
		for (double[] r : z) Arrays.fill(r, b, blk, 0);
	}

	/**
	 * Two sweeps over the K·S rows: the column maxima of g and h, then per row g − max g and h − max h
	 * exponentiated in an L1-sized scratch row, summed per column (sg, sh) and, when {@code keep}, stored in
	 * ex. The energies are cheap enough to compute twice.
	 * NB: every inner loop indexes its arrays from 0 (rows are separate arrays): with a row offset, C2 (JDK 17)
	 * does not vectorise them, which made this 3× slower.
	 */
	private void energies(boolean keep) {
		final int B = blk;
		for (int c = 0; c < k; c++) {
			double[] wc = w[c], qc = wq[c];
			System.arraycopy(wc, 0, qc, 0, B);
			for (int m = 0; m < d; m++) {
				double[] zc = z[c * d + m];
				for (int j = 0; j < B; j++) qc[j] += zc[j] * zc[j];
			}
		}
		Arrays.fill(mg, Double.NEGATIVE_INFINITY);
		Arrays.fill(mh, Double.NEGATIVE_INFINITY);
		for (int i = 0; i < ks; i++) {
			double[] wc = w[i % k], qc = wq[i % k];
			double wi = we[i], ei = eta[i], hi = h0[i];
			for (int j = 0; j < B; j++) mg[j] = Math.max(mg[j], wi * wc[j] + ei);
			for (int j = 0; j < B; j++) mh[j] = Math.max(mh[j], wi * qc[j] + hi);
		}
		Arrays.fill(sg, 0);
		Arrays.fill(sh, 0);
		for (int i = 0; i < ks; i++) {
			double[] wc = w[i % k], qc = wq[i % k];
			double wi = we[i], ei = eta[i], hi = h0[i];
			// NB: the maximum is subtracted before exponentiating (§6.2, pitfall 17), so nothing overflows.
			for (int j = 0; j < B; j++) row[j] = wi * wc[j] + ei - mg[j];
			for (int j = 0; j < B; j++) row[B + j] = wi * qc[j] + hi - mh[j];
			exp(row, 2 * B, precise);
			for (int j = 0; j < B; j++) sg[j] += row[j];
			for (int j = 0; j < B; j++) sh[j] += row[B + j];
			if (keep) {
				System.arraycopy(row, 0, ex[i], 0, B);
				System.arraycopy(row, B, ex[ks + i], 0, B);
			}
		}
	}

	/** log p of the b columns; sg, sh then hold the inverse sums of the exponentials. */
	private void logLikelihood(int b) {
		for (int j = 0; j < b; j++) {
			logp[j] = Math.log(sh[j] / sg[j]) + mh[j] - mg[j];
			logpSum += logp[j];
		}
		for (int j = 0; j < blk; j++) sg[j] = 1 / sg[j];
		for (int j = 0; j < blk; j++) sh[j] = 1 / sh[j];
		// NB: the padding lanes of a short last block get zero responsibilities, so they add nothing.
		for (int j = b; j < blk; j++) sg[j] = sh[j] = 0;
	}

	private void responsibilities() {
		final int B = blk;
		for (int c = 0; c < k; c++) {
			Arrays.fill(rho[c], 0);
			Arrays.fill(t[c], 0);
		}
		for (int i = 0; i < ks; i++) {
			double[] rin = ex[i], rout = ex[ks + i], wc = w[i % k], qc = wq[i % k], rc = rho[i % k], tc = t[i % k];
			double[] a = sIn[i], b = sOut[i], aw = sInW[i], bw = sOutWQ[i];
			double ei = ea[i];
			for (int j = 0; j < B; j++) {
				double ri = rin[j] * sg[j];
				tc[j] += ei * ri;
				a[j] += ri;
				aw[j] += ri * wc[j];
			}
			for (int j = 0; j < B; j++) {
				double ro = rout[j] * sh[j];
				rc[j] += ei * ro;
				b[j] += ro;
				bw[j] += ro * qc[j];
			}
		}
		for (int c = 0; c < k; c++) {
			double[] rc = rho[c], tc = t[c];
			for (int j = 0; j < B; j++) tc[j] = rc[j] - tc[j];
			for (int m = 0; m < d; m++) {
				double[] zc = z[c * d + m], out = rz[c * d + m];
				for (int j = 0; j < B; j++) out[j] = rc[j] * zc[j];
			}
		}
	}

	/**
	 * The accumulated sums, component-major [K·S] each: Σ R_in, Σ R_out, Σ R_in w_k, Σ R_out (w_k + q_k),
	 * each lane by lane in a fixed order.
	 */
	double[][] sums() {
		double[][] out = new double[4][ks];
		double[][][] in = { sIn, sOut, sInW, sOutWQ };
		for (int a = 0; a < 4; a++)
			for (int c = 0; c < k; c++)
				for (int j = 0; j < s; j++) {
					double acc = 0;
					for (double v : in[a][j * k + c]) acc += v;
					out[a][c * s + j] = acc;
				}
		return out;
	}

	/** Arguments below this are raised to it: e^{−40} ≈ 4e−18 is below double rounding next to the max's e^0. */
	static final double EXP_FLOOR = -40;
	private static final double SHIFT = 0.3125, E_SHIFT = Math.exp(-SHIFT), INV64 = 1.0 / 64;
	/** 1/j! for the Taylor series of e^u. */
	private static final double C2 = 1 / 2.0, C3 = C2 / 3, C4 = C3 / 4, C5 = C4 / 5, C6 = C5 / 6, C7 = C6 / 7,
		C8 = C7 / 8, C9 = C8 / 9, C10 = C9 / 10, C11 = C10 / 11, C12 = C11 / 12;

	/**
	 * x[i] = e^{max(x[i], −40)} for i &lt; n and x ≤ 0 (NaN stays NaN).
	 * NB: replaces {@link Math#exp}, which C2 does not vectorise (≈ 3–5 ns per call here), by pure arithmetic
	 * that it does (one loop of max, FMAs and multiplies, ≈ 0.3 ns per value): e^x = (e^{−5/16} e^u)^64 with
	 * u = x/64 + 5/16 ∈ [−5/16, 5/16] and a Taylor polynomial for e^u, squared six times. Squaring multiplies
	 * the polynomial's relative error by 64, so {@code precise} (DOUBLE) uses degree 12 (error &lt; 5e−14,
	 * checked against Math.exp in GateTest) and FLOAT degree 7 (&lt; 2e−7, below float rounding). Arguments
	 * below −40 give 4e−18 instead of less: invisible next to the e^0 = 1 of the maximum that every column
	 * has, in sums and responsibilities alike.
	 */
	static void exp(double[] x, int n, boolean precise) {
		if (precise) {
			for (int i = 0; i < n; i++) {
				double u = Math.fma(Math.max(x[i], EXP_FLOOR), INV64, SHIFT);
				double p = Math.fma(C12, u, C11);
				p = Math.fma(p, u, C10);
				p = Math.fma(p, u, C9);
				p = Math.fma(p, u, C8);
				p = Math.fma(p, u, C7);
				p = Math.fma(p, u, C6);
				p = Math.fma(p, u, C5);
				p = Math.fma(p, u, C4);
				p = Math.fma(p, u, C3);
				p = Math.fma(p, u, C2);
				p = Math.fma(p, u, 1);
				p = Math.fma(p, u, 1) * E_SHIFT;
				p *= p;
				p *= p;
				p *= p;
				p *= p;
				p *= p;
				x[i] = p * p;
			}
			return;
		}
		for (int i = 0; i < n; i++) {
			double u = Math.fma(Math.max(x[i], EXP_FLOOR), INV64, SHIFT);
			double p = Math.fma(C7, u, C6);
			p = Math.fma(p, u, C5);
			p = Math.fma(p, u, C4);
			p = Math.fma(p, u, C3);
			p = Math.fma(p, u, C2);
			p = Math.fma(p, u, 1);
			p = Math.fma(p, u, 1) * E_SHIFT;
			p *= p;
			p *= p;
			p *= p;
			p *= p;
			p *= p;
			x[i] = p * p;
		}
	}
}
