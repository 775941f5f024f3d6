package org.ride.core.slstm;

import java.nio.FloatBuffer;
import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link FusedPass} in single precision, with a fast rational tanh (σ(x) = ½ + ½·tanh(x/2)).
 * NB: the fast tanh has absolute and relative error ≤ 2.8e-7 (worst 2.75e-7 at x ≈ −5.10, measured against
 * Math.tanh on every float of a 1e-5 grid over [−20, 20]; float rounding alone is 3e-8); the σ built from it has
 * absolute error ≤ 1.7e-7, i.e. relative ≤ 1.6e-6 for σ ≥ 0.05, and its relative error grows for σ → 0 (where an
 * absolute 1e-7 on a gate is below the float resolution of the terms it scales). Beyond the clamp tanh is
 * ±(1 − 2.4e-7), σ(−∞) = 1.2e-7 and σ(∞) = 1 − 6e-8 (within those bounds; not exactly ±1, 0, 1). SlstmFastPathTest
 * checks these bounds. It compiles to straight-line fused multiply-adds and one division, which C2 vectorises
 * (GateMathBenchmark: 0.45 ns per element, 3.3 ns with auto-vectorisation off, Math.tanh 21 ns, 1/(1 + Math.exp(−x))
 * 6 ns; with separate multiplies and adds instead of Math.fma it took 0.58 ns, error ≤ 4.0e-7, and reached ±1).
 * {@link SlstmLayer#setExactMath} switches to the Math-library forms (the reference for accuracy checks).
 */
final class FusedFloat extends FusedPass {

	private final WavefrontPlan p;
	private final Nonlinearity phi;
	private final int hid, batch;
	private final float[] cJ;
	/** per diagonal part: its work arrays and its gate buffer (part 0 also serves whole diagonals and backward) */
	private final Scratch[] scratch;
	/** exact-math σ and tanh for the current forward (see {@link SlstmLayer#setExactMath}) */
	private boolean exact;
	private final FloatBuffer[] gNio;
	private final FloatBuffer hNio, cNio, outNio;
	/** element offset of the plan's h output [n, H] (natural order) in {@code outNio} */
	private final int outOff;
	private float[] gJ, hJ, dcJ, sDH, sDX, sTL, sTT, sDV, sDG;
	private FloatBuffer dhNio, dcNio, daNio;

	FusedFloat(WavefrontPlan p, Nonlinearity phi) {
		this.p = p;
		this.phi = phi;
		hid = p.hid;
		batch = p.batch;
		cJ = new float[p.ns * hid];
		scratch = new Scratch[p.gScratch.length];
		gNio = new FloatBuffer[scratch.length];
		for (int q = 0; q < scratch.length; q++) {
			scratch[q] = new Scratch(p.maxM * hid);
			gNio[q] = p.gScratch[q].data().asNioFloat();
		}
		hNio = p.hSt.data().asNioFloat();
		// NB: asNio* spans the whole underlying buffer even for a view's data(), so the view's element offset applies
		outNio = p.hOut.data().asNioFloat();
		outOff = Math.toIntExact(p.hOut.offset());
		cNio = p.ext ? p.cSt.data().asNioFloat() : null;
	}

	/** Column-major [m, H] work arrays of one diagonal part (pre-activations, then activations; c, h; a row buffer). */
	private static final class Scratch {
		final float[] g, i, fi, fj, o, cl, ct, c, h, row;

		Scratch(int len) {
			g = new float[len]; i = new float[len]; fi = new float[len]; fj = new float[len]; o = new float[len];
			cl = new float[len]; ct = new float[len]; c = new float[len]; h = new float[len]; row = new float[len];
		}
	}

	// -- elementwise maps (0-offset, one index: auto-vectorised) --

	/** tanh by Eigen's 13/6 rational minimax form evaluated with FMAs, clamped to ±7.905 (beyond, it exceeds 1). */
	static float tanh(float x0) {
		// NB: Math.min/max, not a ternary: C2 vectorises MinF/MaxF but not a float conditional move
		float x = Math.max(-7.90531110f, Math.min(7.90531110f, x0));
		float x2 = x * x;
		float q = Math.fma(Math.fma(Math.fma(1.19825839466702e-06f, x2, 1.18534705686654e-04f), x2,
			2.26843463243900e-03f), x2, 4.89352518554385e-03f);
		float pp = -2.76076847742355e-16f;
		pp = Math.fma(pp, x2, 2.00018790482477e-13f);
		pp = Math.fma(pp, x2, -8.60467152213735e-11f);
		pp = Math.fma(pp, x2, 5.12229709037114e-08f);
		pp = Math.fma(pp, x2, 1.48572235717979e-05f);
		pp = Math.fma(pp, x2, 6.37261928875436e-04f);
		pp = Math.fma(pp, x2, 4.89352455891786e-03f);
		return x * pp / q;
	}

	static float sigm(float x) {
		return 0.5f + 0.5f * tanh(0.5f * x);
	}

	/** The exact-math reference (accuracy checks): Math.tanh in double, rounded to float. */
	static float exactTanh(float x) {
		return (float) Math.tanh(x);
	}

	/** The exact-math reference: 1/(1 + e^−x) in double, rounded to float. */
	static float exactSigm(float x) {
		return (float) (1 / (1 + Math.exp(-x)));
	}

	private static void sigInPlace(float[] a, int len, boolean exact) {
		if (exact)
			for (int e = 0; e < len; e++)
				a[e] = exactSigm(a[e]);
		else // NB: a loop of its own, so that C2 vectorises it
			for (int e = 0; e < len; e++)
				a[e] = sigm(a[e]);
	}

	private static void phiInPlace(Nonlinearity phi, float[] a, int len, boolean exact) {
		switch (phi) {
			case TANH:
				if (exact)
					for (int e = 0; e < len; e++)
						a[e] = exactTanh(a[e]);
				else
					for (int e = 0; e < len; e++)
						a[e] = tanh(a[e]);
				break;
			case RELU:
				for (int e = 0; e < len; e++)
					a[e] = 0.5f * (a[e] + Math.abs(a[e])); // exact max(0, a)
				break;
			default:
				sigInPlace(a, len, exact);
		}
	}

	/** out = φ′ expressed through y = φ(a). */
	private void phiDeriv(float[] y, float[] out, int len) {
		switch (phi) {
			case TANH:
				for (int e = 0; e < len; e++)
					out[e] = 1 - y[e] * y[e];
				break;
			case RELU:
				for (int e = 0; e < len; e++)
					out[e] = y[e] > 0 ? 1 : 0;
				break;
			default:
				for (int e = 0; e < len; e++)
					out[e] = y[e] * (1 - y[e]);
		}
	}

	// -- layout moves --

	// NB: both transposes read contiguously and write with a stride, faster than the other way round
	// (TransposeBenchmark, a diagonal's [57, 64] block: 1.0 against 1.3–1.4 µs)

	/** col-major [m, H] → row-major [m, H]. */
	static void toRows(float[] col, float[] row, int m, int hid) {
		for (int u = 0; u < hid; u++)
			for (int r = 0, at = u * m; r < m; r++)
				row[r * hid + u] = col[at + r];
	}

	/** row-major [m, H] → col-major [m, H]. */
	static void toCols(float[] row, float[] col, int m, int hid) {
		for (int r = 0; r < m; r++)
			for (int u = 0, at = r * hid; u < hid; u++)
				col[u * m + r] = row[at + u];
	}

	/** Rows [from, from + m) of storage block k of {@code st} into col-major {@code dst} [m, H]. */
	private void getBlockRows(float[] st, int k, int from, float[] dst, int m) {
		int base = p.sOff[k + 1] * hid + from, ms = p.blockRows(k);
		for (int u = 0; u < hid; u++)
			System.arraycopy(st, base + u * ms, dst, u * m, m);
	}

	private void putBlockRows(float[] src, float[] st, int k, int from, int m) {
		int base = p.sOff[k + 1] * hid + from, ms = p.blockRows(k);
		for (int u = 0; u < hid; u++)
			System.arraycopy(src, u * m, st, base + u * ms, m);
	}

	/** Local row of diagonal k's first computed position inside storage block k. */
	private int ownLocal(int k) {
		return p.storageRow(k, p.lo[k]) - p.sOff[k + 1];
	}

	/**
	 * The forward gate maths on column-major [m, H] blocks of len = m·H entries (shared with {@link SlstmStep}):
	 * the pre-activations in g, i, fi, fj, o become the activations in place, then c = ι⊙g + f_j⊙c_left +
	 * f_i⊙c_top and h = φ(o⊙c) (pitfall 1); {@code exact}: Math-library σ and tanh instead of the fast forms.
	 */
	static void cell(Nonlinearity phi, boolean exact, float[] g, float[] i, float[] fi, float[] fj, float[] o,
		float[] cl, float[] ct, float[] c, float[] h, int len) {
		phiInPlace(phi, g, len, exact);
		sigInPlace(i, len, exact);
		sigInPlace(fi, len, exact);
		sigInPlace(fj, len, exact);
		sigInPlace(o, len, exact);
		for (int e = 0; e < len; e++) {
			float sum = Math.fma(i[e], g[e], Math.fma(fj[e], cl[e], fi[e] * ct[e]));
			float ce = Math.max(-CELL_BOUND, Math.min(CELL_BOUND, sum));
			c[e] = ce;
			h[e] = o[e] * ce;
		}
		phiInPlace(phi, h, len, exact);
	}

	// -- forward --

	@Override
	void beginForward(boolean keep, boolean exact) {
		this.exact = exact;
		if (keep && gJ == null) {
			gJ = new float[p.n * 5 * hid];
			hJ = new float[p.n * hid];
		}
	}

	@Override
	void forwardDiagonal(int k, int part, boolean keep) {
		int r0 = p.partFrom[k][part], m = p.partFrom[k][part + 1] - r0, mh = m * hid;
		Scratch s = scratch[part];
		gNio[part].get(0, s.g, 0, mh).get(mh, s.i, 0, mh).get(2 * mh, s.fi, 0, mh).get(3 * mh, s.fj, 0, mh)
			.get(4 * mh, s.o, 0, mh);
		getBlockRows(cJ, k - 1, batch + r0, s.cl, m); // block k−1: rows [B, M+B) are the left neighbours
		getBlockRows(cJ, k - 1, r0, s.ct, m); // rows [0, M) the top neighbours
		cell(phi, exact, s.g, s.i, s.fi, s.fj, s.o, s.cl, s.ct, s.c, s.h, mh);
		putBlockRows(s.c, cJ, k, ownLocal(k) + r0, m);
		int own = (p.storageRow(k, p.lo[k]) + r0) * hid;
		toRows(s.h, s.row, m, hid);
		hNio.put(own, s.row, 0, mh);
		for (int r = 0, d = p.pOff[k] + r0; r < m; r++) // h in natural order: the layer's output
			outNio.put(outOff + p.xIdx[d + r] * hid, s.row, r * hid, hid);
		if (cNio != null) {
			toRows(s.c, s.row, m, hid);
			cNio.put(own, s.row, 0, mh);
		}
		if (keep) keep(k, r0, m, s);
	}

	/** Stores the part's gates and h at rows [r0, r0 + m) of diagonal k's column-major [M_k, ·] blocks. */
	private void keep(int k, int r0, int m, Scratch s) {
		int mk = p.m[k], gb = p.pOff[k] * 5 * hid, hb = p.pOff[k] * hid;
		float[][] gates = {s.g, s.i, s.fi, s.fj, s.o};
		for (int q = 0; q < 5; q++)
			copyRows(gates[q], gJ, gb + q * mk * hid, r0, m, mk);
		copyRows(s.h, hJ, hb, r0, m, mk);
	}

	/** col-major [m, H] into rows [r0, r0 + m) of the col-major [mk, H] block at {@code base} of {@code dst}. */
	private void copyRows(float[] src, float[] dst, int base, int r0, int m, int mk) {
		if (m == mk) {
			System.arraycopy(src, 0, dst, base, m * hid);
			return;
		}
		for (int u = 0; u < hid; u++)
			System.arraycopy(src, u * m, dst, base + u * mk + r0, m);
	}

	@Override
	void setTopBorder(INDArray topC) {
		// NB: one bulk copy; toFloatMatrix() costs an ND4J call per row (5 ms for inpainting's 16 × 15 rows)
		float[] t = topC == null ? null : topC.castTo(DataType.FLOAT).dup('c').data().asFloat();
		for (int j = 0; j < p.cols; j++)
			for (int b = 0; b < batch; b++) {
				int k = j - 1, local = p.storageRow(k, -1) + b - p.sOff[k + 1];
				int base = p.sOff[k + 1] * hid + local, ms = p.blockRows(k);
				for (int u = 0; u < hid; u++)
					cJ[base + u * ms] = t == null ? 0 : t[(b * p.cols + j) * hid + u];
			}
	}

	@Override
	INDArray lastRowC() {
		float[] out = new float[batch * p.cols * hid];
		for (int j = 0; j < p.cols; j++)
			for (int b = 0; b < batch; b++) {
				int k = p.rows - 1 + j, local = p.storageRow(k, p.rows - 1) + b - p.sOff[k + 1];
				int base = p.sOff[k + 1] * hid + local, ms = p.blockRows(k);
				for (int u = 0; u < hid; u++)
					out[(b * p.cols + j) * hid + u] = cJ[base + u * ms];
			}
		return Nd4j.create(out, new long[] {batch * p.cols, hid}, 'c');
	}

	@Override
	void takeTopBorder(FusedPass from, int j) {
		FusedFloat a = (FusedFloat) from;
		HandOver at = HandOver.of(a.p, p, j);
		float[] row = scratch[0].row;
		a.hNio.get(at.src() * hid, row, 0, hid);
		hNio.put(at.dst() * hid, row, 0, hid);
		if (cNio != null) {
			a.cNio.get(at.src() * hid, row, 0, hid);
			cNio.put(at.dst() * hid, row, 0, hid);
		}
		for (int u = 0; u < hid; u++)
			cJ[at.cTo() + u * at.cToStride()] = a.cJ[at.cFrom() + u * at.cFromStride()];
	}

	// -- backward --

	@Override
	void beginBackward() {
		if (dcJ == null) {
			int mh = p.maxM * hid;
			dcJ = new float[p.ns * hid];
			sDH = new float[mh]; sDX = new float[mh]; sTL = new float[mh]; sTT = new float[mh];
			sDV = new float[mh]; sDG = new float[mh];
			dhNio = p.dhSt.data().asNioFloat();
			dcNio = p.ext ? p.dcSt.data().asNioFloat() : null;
			daNio = p.daScratch.data().asNioFloat();
		}
		Arrays.fill(dcJ, p.sOff[p.diags] * hid, p.ns * hid, 0f); // block D−1: nothing lies right or below
	}

	@Override
	void backwardDiagonal(int k) {
		int m = p.m[k], mh = m * hid, gb = p.pOff[k] * 5 * hid, own = p.storageRow(k, p.lo[k]) * hid;
		Scratch s = scratch[0];
		float[] g = s.g, i = s.i, fi = s.fi, fj = s.fj, o = s.o, cl = s.cl, ct = s.ct, c = s.c, h = s.h, row = s.row;
		System.arraycopy(gJ, gb, g, 0, mh);
		System.arraycopy(gJ, gb + mh, i, 0, mh);
		System.arraycopy(gJ, gb + 2 * mh, fi, 0, mh);
		System.arraycopy(gJ, gb + 3 * mh, fj, 0, mh);
		System.arraycopy(gJ, gb + 4 * mh, o, 0, mh);
		System.arraycopy(hJ, p.pOff[k] * hid, h, 0, mh);
		getBlockRows(cJ, k, ownLocal(k), c, m);
		getBlockRows(cJ, k - 1, batch, cl, m);
		getBlockRows(cJ, k - 1, 0, ct, m);
		float[] dh = sDH, dx = sDX, tl = sTL, tt = sTT, dv = sDV, dgp = sDG;
		dhNio.get(own, row, 0, mh);
		toCols(row, dh, m, hid);
		getBlockRows(dcJ, k, ownLocal(k), dx, m); // δc^ext from diagonal k+1
		if (dcNio != null) {
			dcNio.get(own, row, 0, mh);
			toCols(row, tl, m, hid);
			for (int e = 0; e < mh; e++)
				dx[e] += tl[e];
		}
		phiDeriv(h, dv, mh);
		phiDeriv(g, dgp, mh);
		for (int e = 0; e < mh; e++) {
			float v = dh[e] * dv[e], oe = o[e], ie = i[e], fje = fj[e], fie = fi[e];
			float dc = v * oe + dx[e];
			tl[e] = dc * fje;
			tt[e] = dc * fie;
			o[e] = v * c[e] * oe * (1 - oe);
			float ge = g[e];
			g[e] = dc * ie * dgp[e];
			i[e] = dc * ge * ie * (1 - ie);
			fj[e] = dc * cl[e] * fje * (1 - fje);
			fi[e] = dc * ct[e] * fie * (1 - fie);
		}
		daNio.put(0, g, 0, mh).put(mh, i, 0, mh).put(2 * mh, fi, 0, mh).put(3 * mh, fj, 0, mh).put(4 * mh, o, 0, mh);
		// block k−1 receives δc from this diagonal only: rows [B, M+B) from the right, rows [0, M) from below
		int base = p.sOff[k] * hid, ms = m + batch;
		for (int u = 0; u < hid; u++) {
			int at = base + u * ms;
			Arrays.fill(dcJ, at, at + batch, 0f);
			System.arraycopy(tl, u * m, dcJ, at + batch, m);
			for (int r = 0, q = u * m; r < m; r++)
				dcJ[at + r] += tt[q + r];
		}
	}
}
