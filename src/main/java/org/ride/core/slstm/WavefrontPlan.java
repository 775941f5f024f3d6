package org.ride.core.slstm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.ride.core.nd.Blas;

/**
 * Index maps, ND4J buffers and cached views for one grid shape (B, R, C) of one layer: everything the GEMMs of
 * the wavefront in {@link SlstmLayer} touch, allocated once and reused while the shape repeats. The elementwise
 * part and the memory cells live in the plan's {@link FusedPass} (plain Java arrays).
 * <p>
 * Anti-diagonal k (i + j = k, k = 0..R+C−2) holds the positions i ∈ [lo_k, hi_k] = [max(0, k−C+1),
 * min(R−1, k)], each as B consecutive rows (i-major, b-minor); M_k = (hi_k − lo_k + 1)·B rows.
 * <ul>
 * <li><b>Gate buffer</b> ({@code gScratch[0]}, 'f' [M_k, 5H] per diagonal, reused by all diagonals): the GEMM
 * output (pre-activations), column blocks [g | ι | f_i | f_j | o]. 'f' order keeps the GEMM on ND4J's fast path
 * and makes each gate block one contiguous run that the Java pass copies out in one call.</li>
 * <li><b>Diagonal parts</b> (only with {@code splitDiagonals}, for B = 1 where there are no batch parts to run
 * in parallel): a diagonal of at least {@link #SPLIT_ROWS} rows is computed as two halves of its rows, each
 * with its own GEMMs into its own gate buffer ({@code gScratch[q]}) and its own Java pass, so the halves can
 * run on two threads. The split depends on M_k only, never on the thread count.</li>
 * <li><b>State storage</b> ({@code hSt}, and {@code cSt} for the extended variant, 'c' [N_s, H]): blocks for
 * diagonals k = −1..R+C−2, each holding the rows i ∈ [max(−1, k−C+1), min(R−1, k+1)]. Besides the computed
 * positions this includes the top-border entry (−1, k+1) and the left-border entry (k+1, −1) when they
 * exist. So block k−1 has exactly M_k + B rows: its first M_k rows are the top neighbours of diagonal k and
 * its last M_k rows the left neighbours, both contiguous GEMM operands. Border entries are never computed
 * and stay zero (spec §5.1), or hold the handed-over row above in band mode.</li>
 * </ul>
 * NB: views of the scratch buffers depend only on M_k, so they are cached per distinct M (creating a view costs
 * ~20 µs; a 512×512 grid has 1023 diagonals but only 512 distinct M).
 */
final class WavefrontPlan {

	final int batch, rows, cols, hid, cin, diags, n, ns, maxM;
	final boolean ext;
	final DataType dt;
	final int[] lo, hi, m, pOff; // per diagonal k = 0..D−1; pOff = first row in diagonal order
	/** first storage row of block k (k = −1..D−1) at [k + 1]; [D + 1] = N_s */
	final int[] sOff;
	final int[] xIdx, invIdx, dIdx, borderIdx, lastRowIdx;

	// -- forward buffers and views --
	/** Diagonals of at least this many rows are split in two parts when the plan splits diagonals. */
	static final int SPLIT_ROWS = 64;

	/** per diagonal: the first row of each part within the diagonal, then M_k (one part, or two halves) */
	final int[][] partFrom;
	final INDArray[] gScratch; // one gate buffer per part
	final INDArray xNat, xNatData, xd, hSt, cSt, hOut, borderH, borderHData, borderC, borderCData;
	final INDArray[] xK, hL, hT, cL, cT;
	/** per diagonal and part: the GEMM operands and output of that part's rows (the whole diagonal if unsplit) */
	final INDArray[][] xKP, aKP, hLP, hTP, cLP, cTP;
	final FusedPass fused;
	/** per diagonal and part: its forward GEMMs, prepared on first use by the plan's layer ({@link SlstmLayer}) */
	final Blas.Gemm[][][] forwardGemms;
	/** true while the border entries of the state storage may hold a handed-over top row */
	boolean bordersDirty;
	/** true once a forward pass has completed; {@link #kept}: it kept what backward needs */
	boolean forwardDone, kept;

	// -- backward buffers and views, created on the first backward --
	INDArray dhSt, dcSt, dhExt, dhExtData, dxd, dxNat, daScratch;
	/** this part's parameter-gradient sums, shaped like the layer's parameters */
	INDArray[] grads;
	/** where the results go: this part's rows of the layer's whole-grid h [n, H] and ∂L/∂x [n, C_in] */
	private final INDArray dxOut;
	INDArray[] daK, dhLT, dhTT, dcLT, dcTT, dxT;
	/** per diagonal: its backward GEMMs, prepared on first use by the plan's layer */
	Blas.Gemm[][] backwardGemms;

	WavefrontPlan(int batch, int rows, int cols, int cin, int hid, boolean ext, DataType dt, Nonlinearity phi,
		INDArray hOut, INDArray dxOut, boolean splitDiagonals) {
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
		sOff = new int[diags + 2];
		int s = 0;
		for (int k = -1; k < diags; k++) {
			sOff[k + 1] = s;
			s += (Math.min(rows - 1, k + 1) - sLo(k) + 1) * batch;
		}
		ns = s;
		sOff[diags + 1] = ns;
		for (int k = 0; k < diags; k++)
			if (blockRows(k - 1) != m[k] + batch || storageRow(k - 1, lo[k] - 1) != sOff[k])
				throw new AssertionError("storage block " + (k - 1) + " does not frame diagonal " + k);
		partFrom = new int[diags][];
		boolean anySplit = false;
		for (int k = 0; k < diags; k++) {
			boolean split = splitDiagonals && m[k] >= SPLIT_ROWS;
			partFrom[k] = split ? new int[] {0, (m[k] + 1) / 2, m[k]} : new int[] {0, m[k]};
			anySplit |= split;
		}
		xIdx = new int[n];
		invIdx = new int[n];
		dIdx = new int[ns];
		borderIdx = new int[ns];
		lastRowIdx = new int[batch * cols];
		buildIndices();

		xNat = Nd4j.create(dt, new long[] {n, cin + 1}, 'c');
		xNat.getColumn(cin).assign(1.0); // NB: ones column: the bias is the last row of W_x
		xNatData = xNat.get(NDArrayIndex.all(), NDArrayIndex.interval(0, cin));
		xd = Nd4j.create(dt, new long[] {n, cin + 1}, 'c');
		xd.getColumn(cin).assign(1.0); // the same ones for loadInput's gather, which writes the other columns
		gScratch = new INDArray[anySplit ? 2 : 1];
		for (int q = 0; q < gScratch.length; q++)
			gScratch[q] = Nd4j.create(dt, (long) maxM * 5 * hid);
		hSt = Nd4j.create(dt, new long[] {ns, hid}, 'c');
		cSt = ext ? Nd4j.create(dt, new long[] {ns, hid}, 'c') : null;
		this.hOut = hOut;
		this.dxOut = dxOut;
		borderH = Nd4j.create(dt, new long[] {batch * cols + 1, hid}, 'c');
		borderC = Nd4j.create(dt, new long[] {batch * cols + 1, hid}, 'c');
		borderHData = borderH.get(NDArrayIndex.interval(0, batch * cols), NDArrayIndex.all());
		borderCData = borderC.get(NDArrayIndex.interval(0, batch * cols), NDArrayIndex.all());

		xK = new INDArray[diags];
		hL = new INDArray[diags];
		hT = new INDArray[diags];
		cL = ext ? new INDArray[diags] : null;
		cT = ext ? new INDArray[diags] : null;
		xKP = new INDArray[diags][];
		forwardGemms = new Blas.Gemm[diags][][];
		aKP = new INDArray[diags][];
		hLP = new INDArray[diags][];
		hTP = new INDArray[diags][];
		cLP = ext ? new INDArray[diags][] : null;
		cTP = ext ? new INDArray[diags][] : null;
		List<Map<Integer, INDArray>> aByM = List.of(new HashMap<>(), new HashMap<>());
		for (int k = 0; k < diags; k++) {
			int parts = partFrom[k].length - 1;
			xKP[k] = new INDArray[parts];
			forwardGemms[k] = new Blas.Gemm[parts][];
			aKP[k] = new INDArray[parts];
			hLP[k] = new INDArray[parts];
			hTP[k] = new INDArray[parts];
			if (ext) {
				cLP[k] = new INDArray[parts];
				cTP[k] = new INDArray[parts];
			}
			for (int q = 0; q < parts; q++) {
				int r0 = partFrom[k][q], mq = partFrom[k][q + 1] - r0;
				DataBuffer gq = gScratch[q].data();
				aKP[k][q] = aByM.get(q).computeIfAbsent(mq, mm -> fView(gq, 0, mm, 5 * hid));
				xKP[k][q] = cView(xd.data(), (long) (pOff[k] + r0) * (cin + 1), mq, cin + 1);
				long top = (long) (sOff[k] + r0) * hid, left = top + (long) batch * hid;
				hLP[k][q] = cView(hSt.data(), left, mq, hid);
				hTP[k][q] = cView(hSt.data(), top, mq, hid);
				if (ext) {
					cLP[k][q] = cView(cSt.data(), left, mq, hid);
					cTP[k][q] = cView(cSt.data(), top, mq, hid);
				}
			}
			int mk = m[k];
			boolean whole = parts == 1;
			xK[k] = whole ? xKP[k][0] : cView(xd.data(), (long) pOff[k] * (cin + 1), mk, cin + 1);
			long top = (long) sOff[k] * hid, left = top + (long) batch * hid;
			hL[k] = whole ? hLP[k][0] : cView(hSt.data(), left, mk, hid);
			hT[k] = whole ? hTP[k][0] : cView(hSt.data(), top, mk, hid);
			if (ext) {
				cL[k] = whole ? cLP[k][0] : cView(cSt.data(), left, mk, hid);
				cT[k] = whole ? cTP[k][0] : cView(cSt.data(), top, mk, hid);
			}
		}
		fused = dt == DataType.FLOAT ? new FusedFloat(this, phi) : new FusedDouble(this, phi);
	}

	private int sLo(int k) {
		return Math.max(-1, k - cols + 1);
	}

	/** Rows of storage block k (k = −1..D−1). */
	int blockRows(int k) {
		return sOff[k + 2] - sOff[k + 1];
	}

	/**
	 * xd = the input x [n, C_in] (natural order) in diagonal order, beside its ones column.
	 * NB: a dense row-major FLOAT x (what the whitening and a layer below give) is gathered into a Java array a row
	 * at a time and written in one bulk copy; a gather value by value through the two arrays' off-heap memory was
	 * 1.5 % of a likelihood map. The general route, an assign into xNat and a pullRows from it (two ND4J passes over
	 * the grid, 3 %), serves other layouts and DOUBLE (tests).
	 */
	void loadInput(INDArray x) {
		boolean rows = x.stride(0) == cin && x.stride(1) == 1;
		if (!rows || x.dataType() != DataType.FLOAT || dt != DataType.FLOAT) {
			xNatData.assign(x);
			Nd4j.pullRows(xNat, xd, 1, xIdx);
			return;
		}
		int w = cin + 1;
		if (gathered == null) {
			gathered = new float[n * w];
			for (int p = 0; p < n; p++) gathered[p * w + cin] = 1; // the ones column
		}
		// NB: asNio* spans the whole underlying buffer even for a view's data(), so the view's element offset applies
		java.nio.FloatBuffer from = x.data().asNioFloat();
		int off = Math.toIntExact(x.offset());
		for (int p = 0; p < n; p++)
			from.get(off + xIdx[p] * cin, gathered, p * w, cin);
		xd.data().asNioFloat().put(0, gathered, 0, n * w);
	}

	/** loadInput's work array (FLOAT): xd's values. */
	private float[] gathered;

	/** First storage row of position (k − i, i) on diagonal k (row of batch item b is this + b). */
	int storageRow(int k, int i) {
		return sOff[k + 1] + (i - sLo(k)) * batch;
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
					dIdx[s] = nat;
				}
		for (int j = 0; j < cols; j++)
			for (int b = 0; b < batch; b++) {
				borderIdx[storageRow(j - 1, -1) + b] = b * cols + j; // (−1, j) sits on diagonal j − 1
				lastRowIdx[b * cols + j] = storageRow(rows - 1 + j, rows - 1) + b;
			}
	}

	/** Allocates the backward buffers and views (first backward for this shape only). */
	void ensureBackward(java.util.List<INDArray> params) {
		if (dhSt != null) return;
		grads = new INDArray[params.size()];
		for (int g = 0; g < grads.length; g++)
			grads[g] = Nd4j.create(dt, params.get(g).shape(), 'f');
		dhSt = Nd4j.create(dt, new long[] {ns, hid}, 'c');
		dcSt = ext ? Nd4j.create(dt, new long[] {ns, hid}, 'c') : null;
		dhExt = Nd4j.create(dt, new long[] {n + 1, hid}, 'c');
		dhExtData = dhExt.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
		dxd = Nd4j.create(dt, new long[] {n, cin + 1}, 'c');
		dxNat = Nd4j.create(dt, new long[] {n, cin + 1}, 'c');
		daScratch = Nd4j.create(dt, (long) maxM * 5 * hid);
		daK = new INDArray[diags];
		dhLT = new INDArray[diags];
		dhTT = new INDArray[diags];
		dcLT = ext ? new INDArray[diags] : null;
		dcTT = ext ? new INDArray[diags] : null;
		dxT = new INDArray[diags];
		backwardGemms = new Blas.Gemm[diags][];
		Map<Integer, INDArray> daByM = new HashMap<>();
		for (int k = 0; k < diags; k++) {
			int mk = m[k];
			daK[k] = daByM.computeIfAbsent(mk, mm -> fView(daScratch.data(), 0, mm, 5 * hid));
			long top = (long) sOff[k] * hid, left = top + (long) batch * hid;
			dhLT[k] = tView(dhSt.data(), left, mk, hid);
			dhTT[k] = tView(dhSt.data(), top, mk, hid);
			if (ext) {
				dcLT[k] = tView(dcSt.data(), left, mk, hid);
				dcTT[k] = tView(dcSt.data(), top, mk, hid);
			}
			dxT[k] = tView(dxd.data(), (long) pOff[k] * (cin + 1), mk, cin + 1);
		}
	}

	/** Gathers ∂L/∂x back into natural order, into this part's rows of the layer's result. */
	void writeDx() {
		Nd4j.pullRows(dxd, dxNat, 1, invIdx);
		dxOut.assign(dxNat.get(NDArrayIndex.all(), NDArrayIndex.interval(0, cin)));
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
