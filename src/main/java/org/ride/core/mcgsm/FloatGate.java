package org.ride.core.mcgsm;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * {@link Gate}'s log p alone, in single precision: what a FLOAT model's likelihood map, evaluation and inpainting
 * need (no responsibilities, no sums). Same maths and layout as Gate's energies and log-likelihood, for sample i
 * and l = (k, s): g_l = η_l − ½ e^{α_l} w_k, h_l = h0_l − ½ e^{α_l} (w_k + q_k), log p = LSE_l h − LSE_l g.
 * <p>
 * NB: why a float copy of those two loops. They are a third of a likelihood map, and C2 packs twice as many
 * floats as doubles into a vector, so in float they take about half the time. The energies get one more float
 * rounding each (the W and Z they are made of are float GEMM outputs already), and the exponential's relative
 * error is below {@link #EXP_REL}. Exact-math runs and the gradients keep the double Gate. Work arrays are per
 * instance: not thread-safe.
 */
final class FloatGate {

	/**
	 * Bound on the relative error of {@link #exp} on [−40, 0] (measured 1.16e−5, FloatGateTest): float rounding of
	 * the polynomial, times 64 through the squarings. log p, a difference of two log-sums of such terms, moves by
	 * far less (≤ 2.6e−6 nats, 9e−7 on average, in FloatGateTest's paper-sized model).
	 */
	static final double EXP_REL = 1.5e-5;

	private final int blk, k, s, d, ks;
	/** Scale-major (i = s·K + k) constants: −½ e^α, η, h0. */
	private final float[] we, eta, h0;
	/** [rows][blk]: w, z, w + q. */
	private final float[][] w, z, wq;
	/** Per column: maxima and sums of the exponentials of g and h; log p. */
	private final float[] mg, mh, sg, sh, logp;

	FloatGate(int k, int s, int d, int columns) {
		blk = Math.min(Gate.BLOCK, columns);
		this.k = k;
		this.s = s;
		this.d = d;
		ks = k * s;
		we = new float[ks];
		eta = new float[ks];
		h0 = new float[ks];
		w = new float[k][blk];
		z = new float[k * d][blk];
		wq = new float[k][blk];
		mg = new float[blk];
		mh = new float[blk];
		sg = new float[blk];
		sh = new float[blk];
		logp = new float[blk];
	}

	/** Takes the constants of the current parameters. */
	void reset(Derived dv) {
		double[] etaV = dv.p.raw(McgsmParams.PRIORS);
		for (int c = 0; c < k; c++)
			for (int j = 0; j < s; j++) {
				int i = j * k + c, l = c * s + j;
				we[i] = (float) (-0.5 * dv.ea[l]);
				eta[i] = (float) etaV[l];
				h0[i] = (float) dv.h0[l];
			}
	}

	/** log p of n columns of Wᵀ [n, K] and Zᵀ [n, KD] ('f' buffers from position 0) into lp[lpAt + j]. */
	void run(int n, FloatBuffer wIn, FloatBuffer zIn, FloatBuffer lp, int lpAt) {
		for (int j0 = 0; j0 < n; j0 += blk) {
			int b = Math.min(blk, n - j0);
			for (int c = 0; c < k; c++) wIn.get(c * n + j0, w[c], 0, b);
			for (int r = 0; r < k * d; r++) zIn.get(r * n + j0, z[r], 0, b);
			if (b < blk) {
				for (float[] r : w) Arrays.fill(r, b, blk, 0);
				for (float[] r : z) Arrays.fill(r, b, blk, 0);
			}
			energies();
			for (int j = 0; j < b; j++) logp[j] = (float) Math.log(sh[j] / sg[j]) + mh[j] - mg[j];
			lp.put(lpAt + j0, logp, 0, b);
		}
	}

	/** As {@link Gate}'s energies without keeping them: column maxima, then the sums of e^{g − max}, e^{h − max}. */
	private void energies() {
		final int B = blk;
		for (int c = 0; c < k; c++) {
			float[] wc = w[c], qc = wq[c];
			System.arraycopy(wc, 0, qc, 0, B);
			for (int m = 0; m < d; m++) {
				float[] zc = z[c * d + m];
				for (int j = 0; j < B; j++) qc[j] += zc[j] * zc[j];
			}
		}
		Arrays.fill(mg, Float.NEGATIVE_INFINITY);
		Arrays.fill(mh, Float.NEGATIVE_INFINITY);
		for (int i = 0; i < ks; i++) {
			float[] wc = w[i % k], qc = wq[i % k];
			float wi = we[i], ei = eta[i], hi = h0[i];
			for (int j = 0; j < B; j++) mg[j] = Math.max(mg[j], wi * wc[j] + ei);
			for (int j = 0; j < B; j++) mh[j] = Math.max(mh[j], wi * qc[j] + hi);
		}
		Arrays.fill(sg, 0);
		Arrays.fill(sh, 0);
		for (int i = 0; i < ks; i++) {
			float[] wc = w[i % k], qc = wq[i % k];
			float wi = we[i], ei = eta[i], hi = h0[i];
			// NB: the maximum is subtracted before exponentiating (§6.2, pitfall 17), so nothing overflows.
			for (int j = 0; j < B; j++) sg[j] += exp(wi * wc[j] + ei - mg[j]);
			for (int j = 0; j < B; j++) sh[j] += exp(wi * qc[j] + hi - mh[j]);
		}
	}

	private static final float FLOOR = (float) Gate.EXP_FLOOR, SHIFT = 0.3125f, E_SHIFT = (float) Math.exp(-0.3125),
		INV64 = 1f / 64;
	/** 1/j! for the Taylor series of e^u. */
	private static final float C2 = 1 / 2f, C3 = C2 / 3, C4 = C3 / 4, C5 = C4 / 5, C6 = C5 / 6;

	/**
	 * e^{max(x, −40)} for x ≤ 0 (NaN stays NaN), by {@link Gate#exp}'s scheme in float: e^x = (e^{−5/16} e^u)^64,
	 * u = x/64 + 5/16, a degree-6 Taylor polynomial; six squarings multiply its (and float's) rounding by up to 64.
	 * NB: called inside the energies' loops, where C2 inlines and vectorises it: no row of arguments is stored and
	 * read back (13 % of the gate's time).
	 */
	static float exp(float x) {
		float u = Math.fma(Math.max(x, FLOOR), INV64, SHIFT);
		float p = Math.fma(C6, u, C5);
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
		return p * p;
	}
}
