package org.ride.core.slstm;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Buffers, index maps and cached views for one grid shape (B, R, C) of one layer: everything the wavefront
 * forward and backward of {@link SlstmLayer} touch, allocated once and reused while the shape repeats.
 * <p>
 * Anti-diagonal k (i + j = k, k = 0..R+C−2) holds the positions i ∈ [lo_k, hi_k] = [max(0, k−C+1),
 * min(R−1, k)], each as B consecutive rows (i-major, b-minor); M_k = (hi_k − lo_k + 1)·B rows.
 * <ul>
 * <li><b>Chunks</b> (per diagonal, contiguous 'f' [M_k, 7H]): column blocks [g | ι | f_i | f_j | o | c | h]
 * after activation; the first 5H columns are the GEMM output (pre-activations). 'f' order makes every
 * gate block a contiguous [M_k, H] array, which keeps the elementwise ops on ND4J's fast path.</li>
 * <li><b>State storage</b> ({@code hSt}, {@code cSt}, 'c' [N_s, H]): diagonals k = −1..R+C−2, each holding the
 * rows i ∈ [max(−1, k−C+1), min(R−1, k+1)]. Besides the computed positions this includes the top-border
 * entry (−1, k+1) and the left-border entry (k+1, −1) when they exist. So for diagonal k the left
 * neighbours (i, j−1) and the top neighbours (i−1, j) are two contiguous row slices of diagonal k−1,
 * offset by B rows; border entries are never computed and stay zero (spec §5.1), or hold the handed-over
 * row above in band mode.</li>
 * </ul>
 * NB: position-major storage is what makes both neighbour slices contiguous; the price is that the
 * products with c_left/c_top and the write-back into the storage mix 'f' and 'c' operands (measured
 * ≈ 5× slower per element than same-order ops, so they are kept to four per diagonal).
 */
final class WavefrontPlan {

	final int batch, rows, cols, hid, cin, diags, n, ns, maxM;
	final boolean ext;
	final DataType dt;
	final int[] lo, hi, m, pOff; // per diagonal k = 0..D−1; pOff = first row in diagonal order
	private final int[] sLo, sOff; // per diagonal k = −1..D−1, stored at [k + 1]
	final int[] xIdx, invIdx, outIdx, dIdx, borderIdx, lastRowIdx;

	// -- forward buffers and views --
	final INDArray xNat, xNatData, xd, chunks, hSt, cSt, hOut, borderH, borderHData, borderC, borderCData;
	final INDArray[] xK, gAll, gG, gS, gI, gFI, gFJ, gO, cK, hK, hStK, cStK, hL, hT, cL, cT, tK;
	/** true while the border entries of {@code hSt}/{@code cSt} may hold a handed-over top row */
	boolean bordersDirty;
	/** true once a forward pass has filled the chunks (backward needs them) */
	boolean forwardDone;

	// -- backward buffers and views, created on the first backward --
	INDArray dChunks, dhSt, dcSt, dhExt, dhExtData, dxd, dxOut, dxOutData, scratchU, scratchV;
	INDArray[] dAll, dG, dS, dI, dFI, dFJ, dO, dhK, dcK, dhLT, dhTT, dcLT, dcTT, dcL, dcT, dxT, uK, vK, wK;

	WavefrontPlan(int batch, int rows, int cols, int cin, int hid, boolean ext, DataType dt) {
		this.batch = batch;
		this.rows = rows;
		this.cols = cols;
		this.cin = cin;
		this.hid = hid;
		this.ext = ext;
		this.dt = dt;
		diags = rows + cols - 1;
		n = batch * rows * cols;
		lo = new int[diags];
		hi = new int[diags];
		m = new int[diags];
		pOff = new int[diags];
		int mx = 0;
		for (int k = 0, p = 0; k < diags; k++) {
			lo[k] = Math.max(0, k - cols + 1);
			hi[k] = Math.min(rows - 1, k);
			m[k] = (hi[k] - lo[k] + 1) * batch;
			pOff[k] = p;
			p += m[k];
			mx = Math.max(mx, m[k]);
		}
		maxM = mx;
		sLo = new int[diags + 1];
		sOff = new int[diags + 1];
		int s = 0;
		for (int k = -1; k < diags; k++) {
			sLo[k + 1] = Math.max(-1, k - cols + 1);
			sOff[k + 1] = s;
			s += (Math.min(rows - 1, k + 1) - sLo[k + 1] + 1) * batch;
		}
		ns = s;
		xIdx = new int[n];
		invIdx = new int[n];
		outIdx = new int[n];
		dIdx = new int[ns];
		borderIdx = new int[ns];
		lastRowIdx = new int[batch * cols];
		buildIndices();

		xNat = Nd4j.create(dt, new long[] {n, cin + 1}, 'c');
		xNat.getColumn(cin).assign(1.0); // NB: ones column: the bias is the last row of W_x
		xNatData = xNat.get(NDArrayIndex.all(), NDArrayIndex.interval(0, cin));
		xd = Nd4j.create(dt, new long[] {n, cin + 1}, 'c');
		chunks = Nd4j.create(dt, (long) n * 7 * hid);
		hSt = Nd4j.create(dt, new long[] {ns, hid}, 'c');
		cSt = Nd4j.create(dt, new long[] {ns, hid}, 'c');
		hOut = Nd4j.create(dt, new long[] {n, hid}, 'c');
		borderH = Nd4j.create(dt, new long[] {batch * cols + 1, hid}, 'c');
		borderC = Nd4j.create(dt, new long[] {batch * cols + 1, hid}, 'c');
		borderHData = borderH.get(NDArrayIndex.interval(0, batch * cols), NDArrayIndex.all());
		borderCData = borderC.get(NDArrayIndex.interval(0, batch * cols), NDArrayIndex.all());
		INDArray tmp = Nd4j.create(dt, (long) maxM * hid);

		xK = new INDArray[diags]; gAll = new INDArray[diags]; gG = new INDArray[diags]; gS = new INDArray[diags];
		gI = new INDArray[diags]; gFI = new INDArray[diags]; gFJ = new INDArray[diags]; gO = new INDArray[diags];
		cK = new INDArray[diags]; hK = new INDArray[diags]; hStK = new INDArray[diags]; cStK = new INDArray[diags];
		hL = new INDArray[diags]; hT = new INDArray[diags]; cL = new INDArray[diags]; cT = new INDArray[diags];
		tK = new INDArray[diags];
		DataBuffer cb = chunks.data();
		for (int k = 0; k < diags; k++) {
			int mk = m[k];
			long base = (long) pOff[k] * 7 * hid, blk = (long) mk * hid;
			xK[k] = cView(xd.data(), (long) pOff[k] * (cin + 1), mk, cin + 1);
			gAll[k] = fView(cb, base, mk, 5 * hid);
			gG[k] = fView(cb, base, mk, hid);
			gS[k] = fView(cb, base + blk, mk, 4 * hid);
			gI[k] = fView(cb, base + blk, mk, hid);
			gFI[k] = fView(cb, base + 2 * blk, mk, hid);
			gFJ[k] = fView(cb, base + 3 * blk, mk, hid);
			gO[k] = fView(cb, base + 4 * blk, mk, hid);
			cK[k] = fView(cb, base + 5 * blk, mk, hid);
			hK[k] = fView(cb, base + 6 * blk, mk, hid);
			long own = (long) storageRow(k, lo[k]) * hid;
			long left = (long) storageRow(k - 1, lo[k]) * hid, top = (long) storageRow(k - 1, lo[k] - 1) * hid;
			hStK[k] = cView(hSt.data(), own, mk, hid);
			cStK[k] = cView(cSt.data(), own, mk, hid);
			hL[k] = cView(hSt.data(), left, mk, hid);
			hT[k] = cView(hSt.data(), top, mk, hid);
			cL[k] = cView(cSt.data(), left, mk, hid);
			cT[k] = cView(cSt.data(), top, mk, hid);
			tK[k] = fView(tmp.data(), 0, mk, hid);
		}
	}

	/** First storage row of position (k − i, i) on diagonal k (row of batch item b is this + b). */
	int storageRow(int k, int i) {
		return sOff[k + 1] + (i - sLo[k + 1]) * batch;
	}

	private void buildIndices() {
		java.util.Arrays.fill(dIdx, n); // row n of dhExt is zero: border rows get no loss gradient
		java.util.Arrays.fill(borderIdx, batch * cols); // row B·C of borderH/C is zero
		for (int b = 0; b < batch; b++)
			for (int i = 0; i < rows; i++)
				for (int j = 0; j < cols; j++) {
					int nat = (b * rows + i) * cols + j, k = i + j;
					int p = pOff[k] + (i - lo[k]) * batch + b, s = storageRow(k, i) + b;
					xIdx[p] = nat;
					invIdx[nat] = p;
					outIdx[nat] = s;
					dIdx[s] = nat;
				}
		for (int j = 0; j < cols; j++)
			for (int b = 0; b < batch; b++) {
				borderIdx[storageRow(j - 1, -1) + b] = b * cols + j; // (−1, j) sits on diagonal j − 1
				lastRowIdx[b * cols + j] = storageRow(rows - 1 + j, rows - 1) + b;
			}
	}

	/** Allocates the backward buffers and views (first backward for this shape only). */
	void ensureBackward() {
		if (dChunks != null) return;
		dChunks = Nd4j.create(dt, (long) n * 5 * hid);
		dhSt = Nd4j.create(dt, new long[] {ns, hid}, 'c');
		dcSt = Nd4j.create(dt, new long[] {ns, hid}, 'c');
		dhExt = Nd4j.create(dt, new long[] {n + 1, hid}, 'c');
		dhExtData = dhExt.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
		dxd = Nd4j.create(dt, new long[] {n, cin + 1}, 'c');
		dxOut = Nd4j.create(dt, new long[] {n, cin + 1}, 'c');
		dxOutData = dxOut.get(NDArrayIndex.all(), NDArrayIndex.interval(0, cin));
		scratchU = Nd4j.create(dt, (long) maxM * hid);
		scratchV = Nd4j.create(dt, (long) maxM * 5 * hid);
		dAll = new INDArray[diags]; dG = new INDArray[diags]; dS = new INDArray[diags]; dI = new INDArray[diags];
		dFI = new INDArray[diags]; dFJ = new INDArray[diags]; dO = new INDArray[diags]; dhK = new INDArray[diags];
		dcK = new INDArray[diags]; dhLT = new INDArray[diags]; dhTT = new INDArray[diags]; dcLT = new INDArray[diags];
		dcTT = new INDArray[diags]; dcL = new INDArray[diags]; dcT = new INDArray[diags]; dxT = new INDArray[diags];
		uK = new INDArray[diags]; vK = new INDArray[diags]; wK = new INDArray[diags];
		DataBuffer db = dChunks.data();
		for (int k = 0; k < diags; k++) {
			int mk = m[k];
			long base = (long) pOff[k] * 5 * hid, blk = (long) mk * hid;
			dAll[k] = fView(db, base, mk, 5 * hid);
			dG[k] = fView(db, base, mk, hid);
			dS[k] = fView(db, base + blk, mk, 4 * hid);
			dI[k] = fView(db, base + blk, mk, hid);
			dFI[k] = fView(db, base + 2 * blk, mk, hid);
			dFJ[k] = fView(db, base + 3 * blk, mk, hid);
			dO[k] = fView(db, base + 4 * blk, mk, hid);
			long own = (long) storageRow(k, lo[k]) * hid;
			long left = (long) storageRow(k - 1, lo[k]) * hid, top = (long) storageRow(k - 1, lo[k] - 1) * hid;
			dhK[k] = cView(dhSt.data(), own, mk, hid);
			dcK[k] = cView(dcSt.data(), own, mk, hid);
			dhLT[k] = tView(dhSt.data(), left, mk, hid);
			dhTT[k] = tView(dhSt.data(), top, mk, hid);
			dcLT[k] = tView(dcSt.data(), left, mk, hid);
			dcTT[k] = tView(dcSt.data(), top, mk, hid);
			dcL[k] = cView(dcSt.data(), left, mk, hid);
			dcT[k] = cView(dcSt.data(), top, mk, hid);
			dxT[k] = tView(dxd.data(), (long) pOff[k] * (cin + 1), mk, cin + 1);
			uK[k] = fView(scratchU.data(), 0, mk, hid);
			vK[k] = fView(scratchV.data(), 0, mk, 4 * hid);
			wK[k] = fView(scratchV.data(), (long) mk * 4 * hid, mk, hid);
		}
	}

	/** Contiguous 'c' [r, c] view at element offset {@code off}. */
	private INDArray cView(DataBuffer buf, long off, long r, long c) {
		return Nd4j.create(buf, new long[] {r, c}, new long[] {c, 1}, off, 'c', dt);
	}

	/** Contiguous 'f' [r, c] view at element offset {@code off}. */
	private INDArray fView(DataBuffer buf, long off, long r, long c) {
		return Nd4j.create(buf, new long[] {r, c}, new long[] {1, r}, off, 'f', dt);
	}

	/** The transpose [c, r] of the contiguous 'c' [r, c] block at {@code off}: an 'f' view, so GEMMs can write it. */
	private INDArray tView(DataBuffer buf, long off, long r, long c) {
		return Nd4j.create(buf, new long[] {c, r}, new long[] {1, c}, off, 'f', dt);
	}
}
