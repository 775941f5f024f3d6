package org.ride.core.mcgsm;

import java.util.Arrays;

/**
 * The per-sample, non-GEMM part of the MCGSM (spec §6.2–6.4) in one plain-Java pass over blocks of columns,
 * reading W [K, n] and Z [KD, n] and writing log p, ρ, t and ρZ straight from/to ND4J's off-heap memory
 * ({@link OffHeap}). For every sample, with l = (k, s), w_k from W and q_k = ‖z_k‖²:
 * <pre>
 *   g_l = η_l − ½ e^{α_l} w_k                     h_l = h0_l − ½ e^{α_l} (w_k + q_k)   (= g_l + ℓ_l)
 *   log p = LSE_l h − LSE_l g                      R_in = softmax_l g,  R_out = softmax_l h
 *   ρ_k = Σ_s e^{α_ks} R_out,ks    t_k = ρ_k − Σ_s e^{α_ks} R_in,ks    (ρZ)_kd = ρ_k z_kd
 * </pre>
 * and the per-(k, s) sums of §6.4 over all samples seen since {@link #reset}: Σ R_in, Σ R_out, Σ R_in w_k,
 * Σ R_out (w_k + q_k), plus Σ log p. This replaces the ND4J chain max/sub/exp/sum/div (two K·S-row
 * GEMMs for the gates, two for ρ and t and two for the α sums) by a single pass that C2 vectorises.
 * <p>
 * Internally the (k, s) pairs are scale-major, i = s·K + k, so every inner loop runs over k with unit
 * stride; {@link #sums} returns them component-major (l = k·S + s) like the rest of the package.
 * Work arrays are per instance: not thread-safe.
 */
final class Gate {

	/** Columns per block: the 2·K·S energies of a block stay in L1/L2 between the loops. */
	static final int BLOCK = 32;

	private final int k, s, d, ks, kd;
	/** Scale-major constants: −½ e^α, η, h0, e^α. */
	private final double[] we, eta, h0, ea;
	private final double[] w, z, wq, e, mx, rho, t, rz, logp, tmp;
	private final long[] bits;
	/** Scale-major sums: R_in, R_out, R_in·w, R_out·(w+q). */
	private final double[] sIn, sOut, sInW, sOutWQ;
	double logpSum;

	Gate(int k, int s, int d) {
		this.k = k;
		this.s = s;
		this.d = d;
		ks = k * s;
		kd = k * d;
		we = new double[ks];
		eta = new double[ks];
		h0 = new double[ks];
		ea = new double[ks];
		w = new double[BLOCK * k];
		z = new double[BLOCK * kd];
		wq = new double[BLOCK * k];
		e = new double[BLOCK * 2 * ks];
		tmp = new double[BLOCK * 2 * ks];
		bits = new long[BLOCK * 2 * ks];
		mx = new double[BLOCK * 2];
		rho = new double[BLOCK * k];
		t = new double[BLOCK * k];
		rz = new double[BLOCK * kd];
		logp = new double[BLOCK];
		sIn = new double[ks];
		sOut = new double[ks];
		sInW = new double[ks];
		sOutWQ = new double[ks];
	}

	/** Takes the constants of the current parameters and zeroes the sums. */
	void reset(Derived dv) {
		double[] etaV = dv.p.raw(McgsmParams.PRIORS);
		for (int c = 0; c < k; c++)
			for (int j = 0; j < s; j++) {
				int i = j * k + c, l = c * s + j;
				ea[i] = dv.ea[l];
				we[i] = -0.5 * dv.ea[l];
				eta[i] = etaV[l];
				h0[i] = dv.h0[l];
			}
		Arrays.fill(sIn, 0);
		Arrays.fill(sOut, 0);
		Arrays.fill(sInW, 0);
		Arrays.fill(sOutWQ, 0);
		logpSum = 0;
	}

	/**
	 * Runs over n columns. {@code lp} gets log p at positions {@code lpAt + j}; with {@code full}, ρ, t
	 * [K, n] and ρZ [KD, n] are written and the sums accumulated, otherwise only log p is computed.
	 */
	void run(int n, OffHeap wIn, OffHeap zIn, OffHeap lp, int lpAt, boolean full, OffHeap rhoOut, OffHeap tOut,
		OffHeap rzOut) {
		for (int j0 = 0; j0 < n; j0 += BLOCK) {
			int b = Math.min(BLOCK, n - j0);
			wIn.read(j0 * k, w, 0, b * k);
			zIn.read(j0 * kd, z, 0, b * kd);
			energies(b);
			exp(e, b * 2 * ks, tmp, bits);
			for (int jb = 0; jb < b; jb++) logp[jb] = logLikelihood(jb);
			for (int jb = 0; jb < b; jb++) logpSum += logp[jb];
			lp.write(lpAt + j0, logp, 0, b);
			if (!full) continue;
			for (int jb = 0; jb < b; jb++) responsibilities(jb);
			rhoOut.write(j0 * k, rho, 0, b * k);
			tOut.write(j0 * k, t, 0, b * k);
			rzOut.write(j0 * kd, rz, 0, b * kd);
		}
	}

	/** e holds, per column, g − max g then h − max h (2·K·S values); mx the two maxima. */
	private void energies(int b) {
		for (int jb = 0; jb < b; jb++) {
			int wo = jb * k, zo = jb * kd, eo = jb * 2 * ks;
			for (int c = 0; c < k; c++) {
				double q = 0;
				for (int m = 0; m < d; m++) q += z[zo + c * d + m] * z[zo + c * d + m];
				wq[wo + c] = w[wo + c] + q;
			}
			for (int j = 0; j < s; j++)
				for (int c = 0; c < k; c++) {
					int i = j * k + c;
					e[eo + i] = we[i] * w[wo + c] + eta[i];
					e[eo + ks + i] = we[i] * wq[wo + c] + h0[i];
				}
			double mg = Double.NEGATIVE_INFINITY, mh = Double.NEGATIVE_INFINITY;
			for (int i = 0; i < ks; i++) mg = Math.max(mg, e[eo + i]);
			for (int i = 0; i < ks; i++) mh = Math.max(mh, e[eo + ks + i]);
			// NB: the maximum is subtracted before exponentiating (§6.2, pitfall 17), so nothing overflows.
			for (int i = 0; i < ks; i++) e[eo + i] -= mg;
			for (int i = 0; i < ks; i++) e[eo + ks + i] -= mh;
			mx[2 * jb] = mg;
			mx[2 * jb + 1] = mh;
		}
	}

	/** log p of column jb; e then holds the unnormalised exponentials and mx the two sums' inverses. */
	private double logLikelihood(int jb) {
		int eo = jb * 2 * ks;
		double sg = 0, sh = 0;
		for (int i = 0; i < ks; i++) sg += e[eo + i];
		for (int i = 0; i < ks; i++) sh += e[eo + ks + i];
		double lp = Math.log(sh / sg) + mx[2 * jb + 1] - mx[2 * jb];
		mx[2 * jb] = 1 / sg;
		mx[2 * jb + 1] = 1 / sh;
		return lp;
	}

	private void responsibilities(int jb) {
		int eo = jb * 2 * ks, wo = jb * k;
		double ig = mx[2 * jb], ih = mx[2 * jb + 1];
		for (int i = 0; i < ks; i++) e[eo + i] *= ig;
		for (int i = 0; i < ks; i++) e[eo + ks + i] *= ih;
		Arrays.fill(rho, wo, wo + k, 0);
		Arrays.fill(t, wo, wo + k, 0);
		for (int j = 0; j < s; j++)
			for (int c = 0; c < k; c++) {
				int i = j * k + c;
				double rin = e[eo + i], rout = e[eo + ks + i];
				rho[wo + c] += ea[i] * rout;
				t[wo + c] += ea[i] * rin;
				sIn[i] += rin;
				sOut[i] += rout;
				sInW[i] += rin * w[wo + c];
				sOutWQ[i] += rout * wq[wo + c];
			}
		for (int c = 0; c < k; c++) t[wo + c] = rho[wo + c] - t[wo + c];
		int zo = jb * kd;
		for (int c = 0; c < k; c++)
			for (int m = 0; m < d; m++) rz[zo + c * d + m] = rho[wo + c] * z[zo + c * d + m];
	}

	/**
	 * The accumulated sums, component-major [K·S] each: Σ R_in, Σ R_out, Σ R_in w_k, Σ R_out (w_k + q_k).
	 */
	double[][] sums() {
		double[][] out = new double[4][ks];
		double[][] in = { sIn, sOut, sInW, sOutWQ };
		for (int a = 0; a < 4; a++)
			for (int c = 0; c < k; c++)
				for (int j = 0; j < s; j++) out[a][c * s + j] = in[a][j * k + c];
		return out;
	}

	private static final double LOG2E = 1.4426950408889634, MAGIC = 0x1.8p52;
	/** fdlibm's split of ln 2: r·LN2_HI is exact for |r| < 2^21. */
	private static final double LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
	/** 1/j! for j = 12 .. 0: Taylor series of e^f on |f| ≤ ln2/2, truncation error < 2e-16. */
	private static final double[] INV_FACT = new double[13];
	static {
		double f = 1;
		for (int j = 0; j <= 12; j++) {
			if (j > 0) f *= j;
			INV_FACT[12 - j] = 1 / f;
		}
	}

	/**
	 * x[i] = e^{x[i]} for i < n, x ≤ 0 (finite or NaN); values below −700 are taken as −700 (e^{−700} ≈ 1e−304
	 * instead of a smaller number or 0, irrelevant next to the maximum's e^0 = 1).
	 * NB: replaces {@link Math#exp}, which C2 does not vectorise (≈ 5 ns per call here): e^x = 2^r e^f with
	 * r = round(x / ln 2) and a degree-12 Taylor polynomial for e^f, split into loops that each hold one type
	 * so that C2 vectorises them (≈ 1 ns per value). Relative error a few ulp (checked against Math.exp in
	 * GateTest), so DOUBLE results stay within 1e−14 of the Math.exp ones.
	 */
	static void exp(double[] x, int n, double[] tmp, long[] bits) {
		for (int i = 0; i < n; i++) {
			x[i] = Math.max(x[i], -700.0);
			tmp[i] = x[i] * LOG2E + MAGIC; // NB: adding 1.5·2^52 rounds to an integer held in the low bits
		}
		for (int i = 0; i < n; i++) bits[i] = (Double.doubleToRawLongBits(tmp[i]) + 1023) << 52;
		for (int i = 0; i < n; i++) {
			double r = tmp[i] - MAGIC;
			double f = x[i] - r * LN2_HI - r * LN2_LO;
			double p = INV_FACT[0];
			p = p * f + INV_FACT[1];
			p = p * f + INV_FACT[2];
			p = p * f + INV_FACT[3];
			p = p * f + INV_FACT[4];
			p = p * f + INV_FACT[5];
			p = p * f + INV_FACT[6];
			p = p * f + INV_FACT[7];
			p = p * f + INV_FACT[8];
			p = p * f + INV_FACT[9];
			p = p * f + INV_FACT[10];
			p = p * f + INV_FACT[11];
			x[i] = p * f + INV_FACT[12];
		}
		for (int i = 0; i < n; i++) x[i] *= Double.longBitsToDouble(bits[i]);
	}
}
