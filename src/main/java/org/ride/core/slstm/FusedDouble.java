package org.ride.core.slstm;

import java.nio.DoubleBuffer;
import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link FusedPass} in double precision (tests of the maths): exact {@code Math.tanh} and
 * σ(x) = 1/(1 + e^−x), the formulas of the spec reference, so results agree with it to round-off.
 */
final class FusedDouble extends FusedPass {

	private final WavefrontPlan p;
	private final Nonlinearity phi;
	private final int hid, batch;
	private final double[] cJ;
	/** per diagonal part: its work arrays and its gate buffer (part 0 also serves whole diagonals and backward) */
	private final Scratch[] scratch;
	private final DoubleBuffer[] gNio;
	private final DoubleBuffer hNio, cNio, outNio;
	/** element offset of the plan's h output [n, H] (natural order) in {@code outNio} */
	private final int outOff;
	private double[] gJ, hJ, dcJ, sDH, sDX, sTL, sTT, sDV, sDG;
	private DoubleBuffer dhNio, dcNio, daNio;

	FusedDouble(WavefrontPlan p, Nonlinearity phi) {
		this.p = p;
		this.phi = phi;
		hid = p.hid;
		batch = p.batch;
		cJ = new double[p.ns * hid];
		scratch = new Scratch[p.gScratch.length];
		gNio = new DoubleBuffer[scratch.length];
		for (int q = 0; q < scratch.length; q++) {
			scratch[q] = new Scratch(p.maxM * hid);
			gNio[q] = p.gScratch[q].data().asNioDouble();
		}
		hNio = p.hSt.data().asNioDouble();
		// NB: asNio* spans the whole underlying buffer even for a view's data(), so the view's element offset applies
		outNio = p.hOut.data().asNioDouble();
		outOff = Math.toIntExact(p.hOut.offset());
		cNio = p.ext ? p.cSt.data().asNioDouble() : null;
	}

	/** Column-major [m, H] work arrays of one diagonal part (pre-activations, then activations; c, h; a row buffer). */
	private static final class Scratch {
		final double[] g, i, fi, fj, o, cl, ct, c, h, row;

		Scratch(int len) {
			g = new double[len]; i = new double[len]; fi = new double[len]; fj = new double[len]; o = new double[len];
			cl = new double[len]; ct = new double[len]; c = new double[len]; h = new double[len]; row = new double[len];
		}
	}

	// -- elementwise maps (0-offset, one index: auto-vectorised) --

	static double tanh(double x) {
		return Math.tanh(x);
	}

	static double sigm(double x) {
		return 1 / (1 + Math.exp(-x));
	}

	private static void sigInPlace(double[] a, int len) {
		for (int e = 0; e < len; e++)
			a[e] = sigm(a[e]);
	}

	private static void phiInPlace(Nonlinearity phi, double[] a, int len) {
		switch (phi) {
			case TANH:
				for (int e = 0; e < len; e++)
					a[e] = tanh(a[e]);
				break;
			case RELU:
				for (int e = 0; e < len; e++)
					a[e] = 0.5 * (a[e] + Math.abs(a[e])); // exact max(0, a)
				break;
			default:
				sigInPlace(a, len);
		}
	}

	/** out = φ′ expressed through y = φ(a). */
	private void phiDeriv(double[] y, double[] out, int len) {
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

	// NB: both transposes read contiguously and write with a stride (faster, see FusedFloat)

	/** col-major [m, H] → row-major [m, H]. */
	private void toRows(double[] col, double[] row, int m) {
		for (int u = 0; u < hid; u++)
			for (int r = 0, at = u * m; r < m; r++)
				row[r * hid + u] = col[at + r];
	}

	/** row-major [m, H] → col-major [m, H]. */
	private void toCols(double[] row, double[] col, int m) {
		for (int r = 0; r < m; r++)
			for (int u = 0, at = r * hid; u < hid; u++)
				col[u * m + r] = row[at + u];
	}

	/** Rows [from, from + m) of storage block k of {@code st} into col-major {@code dst} [m, H]. */
	private void getBlockRows(double[] st, int k, int from, double[] dst, int m) {
		int base = p.sOff[k + 1] * hid + from, ms = p.blockRows(k);
		for (int u = 0; u < hid; u++)
			System.arraycopy(st, base + u * ms, dst, u * m, m);
	}

	private void putBlockRows(double[] src, double[] st, int k, int from, int m) {
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
	 * f_i⊙c_top and h = φ(o⊙c) (pitfall 1).
	 */
	static void cell(Nonlinearity phi, double[] g, double[] i, double[] fi, double[] fj, double[] o,
		double[] cl, double[] ct, double[] c, double[] h, int len) {
		phiInPlace(phi, g, len);
		sigInPlace(i, len);
		sigInPlace(fi, len);
		sigInPlace(fj, len);
		sigInPlace(o, len);
		for (int e = 0; e < len; e++) {
			double ce = Math.max(-CELL_BOUND, Math.min(CELL_BOUND, i[e] * g[e] + fj[e] * cl[e] + fi[e] * ct[e]));
			c[e] = ce;
			h[e] = o[e] * ce;
		}
		phiInPlace(phi, h, len);
	}

	// -- forward --

	@Override
	void beginForward(boolean keep, boolean exact) { // always exact in double
		if (keep && gJ == null) {
			gJ = new double[p.n * 5 * hid];
			hJ = new double[p.n * hid];
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
		cell(phi, s.g, s.i, s.fi, s.fj, s.o, s.cl, s.ct, s.c, s.h, mh);
		putBlockRows(s.c, cJ, k, ownLocal(k) + r0, m);
		int own = (p.storageRow(k, p.lo[k]) + r0) * hid;
		toRows(s.h, s.row, m);
		hNio.put(own, s.row, 0, mh);
		for (int r = 0, d = p.pOff[k] + r0; r < m; r++) // h in natural order: the layer's output
			outNio.put(outOff + p.xIdx[d + r] * hid, s.row, r * hid, hid);
		if (cNio != null) {
			toRows(s.c, s.row, m);
			cNio.put(own, s.row, 0, mh);
		}
		if (keep) keep(k, r0, m, s);
	}

	/** Stores the part's gates and h at rows [r0, r0 + m) of diagonal k's column-major [M_k, ·] blocks. */
	private void keep(int k, int r0, int m, Scratch s) {
		int mk = p.m[k], gb = p.pOff[k] * 5 * hid, hb = p.pOff[k] * hid;
		double[][] gates = {s.g, s.i, s.fi, s.fj, s.o};
		for (int q = 0; q < 5; q++)
			copyRows(gates[q], gJ, gb + q * mk * hid, r0, m, mk);
		copyRows(s.h, hJ, hb, r0, m, mk);
	}

	/** col-major [m, H] into rows [r0, r0 + m) of the col-major [mk, H] block at {@code base} of {@code dst}. */
	private void copyRows(double[] src, double[] dst, int base, int r0, int m, int mk) {
		if (m == mk) {
			System.arraycopy(src, 0, dst, base, m * hid);
			return;
		}
		for (int u = 0; u < hid; u++)
			System.arraycopy(src, u * m, dst, base + u * mk + r0, m);
	}

	@Override
	void setTopBorder(INDArray topC) {
		// NB: one bulk copy; toDoubleMatrix() costs an ND4J call per row (5 ms for inpainting's 16 × 15 rows)
		double[] t = topC == null ? null : topC.castTo(DataType.DOUBLE).dup('c').data().asDouble();
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
		double[] out = new double[batch * p.cols * hid];
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
		FusedDouble a = (FusedDouble) from;
		HandOver at = HandOver.of(a.p, p, j);
		double[] row = scratch[0].row;
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
			dcJ = new double[p.ns * hid];
			sDH = new double[mh]; sDX = new double[mh]; sTL = new double[mh]; sTT = new double[mh];
			sDV = new double[mh]; sDG = new double[mh];
			dhNio = p.dhSt.data().asNioDouble();
			dcNio = p.ext ? p.dcSt.data().asNioDouble() : null;
			daNio = p.daScratch.data().asNioDouble();
		}
		Arrays.fill(dcJ, p.sOff[p.diags] * hid, p.ns * hid, 0.0); // block D−1: nothing lies right or below
	}

	@Override
	void backwardDiagonal(int k) {
		int m = p.m[k], mh = m * hid, gb = p.pOff[k] * 5 * hid, own = p.storageRow(k, p.lo[k]) * hid;
		Scratch s = scratch[0];
		double[] g = s.g, i = s.i, fi = s.fi, fj = s.fj, o = s.o, cl = s.cl, ct = s.ct, c = s.c, h = s.h, row = s.row;
		System.arraycopy(gJ, gb, g, 0, mh);
		System.arraycopy(gJ, gb + mh, i, 0, mh);
		System.arraycopy(gJ, gb + 2 * mh, fi, 0, mh);
		System.arraycopy(gJ, gb + 3 * mh, fj, 0, mh);
		System.arraycopy(gJ, gb + 4 * mh, o, 0, mh);
		System.arraycopy(hJ, p.pOff[k] * hid, h, 0, mh);
		getBlockRows(cJ, k, ownLocal(k), c, m);
		getBlockRows(cJ, k - 1, batch, cl, m);
		getBlockRows(cJ, k - 1, 0, ct, m);
		double[] dh = sDH, dx = sDX, tl = sTL, tt = sTT, dv = sDV, dgp = sDG;
		dhNio.get(own, row, 0, mh);
		toCols(row, dh, m);
		getBlockRows(dcJ, k, ownLocal(k), dx, m); // δc^ext from diagonal k+1
		if (dcNio != null) {
			dcNio.get(own, row, 0, mh);
			toCols(row, tl, m);
			for (int e = 0; e < mh; e++)
				dx[e] += tl[e];
		}
		phiDeriv(h, dv, mh);
		phiDeriv(g, dgp, mh);
		for (int e = 0; e < mh; e++) {
			double v = dh[e] * dv[e], oe = o[e], ie = i[e], fje = fj[e], fie = fi[e];
			double dc = v * oe + dx[e];
			tl[e] = dc * fje;
			tt[e] = dc * fie;
			o[e] = v * c[e] * oe * (1 - oe);
			double ge = g[e];
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
			Arrays.fill(dcJ, at, at + batch, 0.0);
			System.arraycopy(tl, u * m, dcJ, at + batch, m);
			for (int r = 0, q = u * m; r < m; r++)
				dcJ[at + r] += tt[q + r];
		}
	}
}
