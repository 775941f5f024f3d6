package org.ride.core.slstm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.ride.core.nd.NdInit;
import org.ride.core.nd.Shapes;

/**
 * One spatial LSTM layer (spec §5): forward over an R×C grid for a batch of B, and the full 2-D BPTT
 * backward (§5.6), both as a wavefront over anti-diagonals: per diagonal the ND4J GEMMs plus one fused
 * plain-Java elementwise pass ({@link FusedPass}; FLOAT uses a fast rational tanh, see {@link FusedFloat}).
 * <pre>
 *   u   = [x_ij ; h_{i,j−1} ; h_{i−1,j} (; c_{i,j−1} ; c_{i−1,j})]       h, c = 0 outside the grid
 *   g   = φ(W_g u + b_g)   ι = σ(W_i u + b_i)   f_i = σ(W_f_i u + b_f_i)   f_j = σ(W_f_j u + b_f_j)   o = σ(W_o u + b_o)
 *   c_ij = ι⊙g + f_j⊙c_{i,j−1} + f_i⊙c_{i−1,j}          h_ij = φ(o⊙c_ij)    (NOT o⊙tanh c; pitfall 1)
 * </pre>
 * Rows of x and h are in natural order n = (b·R + i)·C + j. Parameters are stored fused:
 * <ul>
 * <li>{@code wx} 'f' [C_in + 1, 5H]: rows = x components, last row = the biases; column blocks in
 * {@link Gate} order [g | ι | f_i | f_j | o];</li>
 * <li>{@code wHL}, {@code wHT} (and, extended, {@code wCL}, {@code wCT}) 'f' [H, 5H]: the h_left, h_top,
 * c_left, c_top column blocks of the spec's W_* (transposed).</li>
 * </ul>
 * {@link #parameters()} and {@link #gradients()} list them in that order; the spec view (H×K and H) is
 * {@link #getWeights}/{@link #getBias}. Every computation runs in the layer's {@link DataType}.
 * <p>
 * Returned arrays are buffers owned by the layer, overwritten by the next call with the same grid shape.
 */
public final class SlstmLayer {

	/** Plans kept for this many recent grid shapes (training alternates train/validation shapes). */
	private static final int PLAN_CACHE = 2;

	private final SlstmConfig cfg;
	private final DataType dt;
	private final int hid, cin;
	private final INDArray wx, wHL, wHT, wCL, wCT; // see class javadoc
	private final INDArray gx, gHL, gHT, gCL, gCT; // gradients, same shapes
	private final List<INDArray> params, grads;
	private final Map<String, WavefrontPlan> plans = new LinkedHashMap<>(4, 0.75f, true);
	private WavefrontPlan last;

	/**
	 * @param cfg layer sizes and variant
	 * @param dt  FLOAT for the model, DOUBLE for tests of the maths
	 * @param rng weights are drawn i.i.d. Uniform(−0.08, 0.08) from it; biases are 0 (spec §5.3)
	 */
	public SlstmLayer(SlstmConfig cfg, DataType dt, Random rng) {
		NdInit.ensure();
		if (dt != DataType.FLOAT && dt != DataType.DOUBLE)
			throw new IllegalArgumentException("dtype " + dt + " is not supported; use FLOAT (model) or DOUBLE (tests)");
		this.cfg = cfg;
		this.dt = dt;
		hid = cfg.numHiddens();
		cin = cfg.inputDim();
		wx = Nd4j.create(dt, new long[] {cin + 1, 5 * hid}, 'f');
		wHL = Nd4j.create(dt, new long[] {hid, 5 * hid}, 'f');
		wHT = Nd4j.create(dt, new long[] {hid, 5 * hid}, 'f');
		wCL = cfg.extended() ? Nd4j.create(dt, new long[] {hid, 5 * hid}, 'f') : null;
		wCT = cfg.extended() ? Nd4j.create(dt, new long[] {hid, 5 * hid}, 'f') : null;
		List<INDArray> p = new ArrayList<>(List.of(wx, wHL, wHT));
		if (cfg.extended()) p.addAll(List.of(wCL, wCT));
		params = Collections.unmodifiableList(p);
		List<INDArray> g = new ArrayList<>();
		for (INDArray a : p) g.add(Nd4j.create(dt, a.shape(), 'f'));
		grads = Collections.unmodifiableList(g);
		gx = g.get(0);
		gHL = g.get(1);
		gHT = g.get(2);
		gCL = cfg.extended() ? g.get(3) : null;
		gCT = cfg.extended() ? g.get(4) : null;
		initialise(rng);
	}

	private void initialise(Random rng) {
		// spec order: gate by gate, hidden unit by unit, column by column of W_* (H × K)
		for (Gate gate : Gate.values()) {
			double[][] w = new double[hid][cfg.inputSize()];
			for (double[] row : w)
				for (int c = 0; c < row.length; c++)
					row[c] = (rng.nextDouble() * 2 - 1) * 0.08;
			setWeights(gate, Nd4j.create(w).castTo(dt));
		}
	}

	public SlstmConfig config() {
		return cfg;
	}

	public DataType dataType() {
		return dt;
	}

	// -- forward --

	/** Forward with zero borders (spec §5.1, pitfall 4): x [B·R·C, C_in] → h [B·R·C, H], natural order. */
	public INDArray forward(INDArray x, int batch, int rows, int cols) {
		return forward(x, batch, rows, cols, null, null);
	}

	/** {@link #forward(INDArray, int, int, int, INDArray, INDArray, boolean)} keeping what {@link #backward} needs. */
	public INDArray forward(INDArray x, int batch, int rows, int cols, INDArray topH, INDArray topC) {
		return forward(x, batch, rows, cols, topH, topC, true);
	}

	/**
	 * Forward pass over the grid. With {@code topH}/{@code topC} (each [B·C, H], row b·C + j) the row above the
	 * grid is taken as that state instead of zeros: this is how a map computed in horizontal bands continues
	 * from the previous band's {@link #lastRowState()}. Pass both or neither.
	 * <p>
	 * With {@code keepForBackward = false} the activations are not kept, so {@link #backward} is refused until the
	 * next keeping forward; memory is then the state storage only, about (2·C_in + 4H)·4 bytes per grid
	 * position in FLOAT (a band of R rows of a C-wide image: O(R·C·H)) instead of ~(2·C_in + 10H)·4.
	 *
	 * @return h [B·R·C, H] in natural order (layer-owned buffer)
	 */
	public INDArray forward(INDArray x, int batch, int rows, int cols, INDArray topH, INDArray topC,
		boolean keepForBackward) {
		WavefrontPlan p = plan(batch, rows, cols);
		p.forwardDone = false;
		Shapes.require(x, "SLSTM input x", (long) p.n, cin);
		if ((topH == null) != (topC == null))
			throw new IllegalArgumentException("top border needs both h and c (or neither); got h="
				+ (topH == null ? "null" : Shapes.text(topH)) + ", c=" + (topC == null ? "null" : Shapes.text(topC)));
		p.xNatData.assign(x);
		Nd4j.pullRows(p.xNat, p.xd, 1, p.xIdx);
		if (topH != null) {
			Shapes.require(topH, "top border h", (long) batch * cols, hid);
			Shapes.require(topC, "top border c", (long) batch * cols, hid);
			p.borderHData.assign(topH);
			Nd4j.pullRows(p.borderH, p.hSt, 1, p.borderIdx);
			if (p.ext) {
				p.borderCData.assign(topC);
				Nd4j.pullRows(p.borderC, p.cSt, 1, p.borderIdx);
			}
			p.fused.setTopBorder(topC);
			p.bordersDirty = true;
		} else if (p.bordersDirty) {
			p.hSt.assign(0);
			if (p.ext) p.cSt.assign(0);
			p.fused.setTopBorder(null);
			p.bordersDirty = false;
		}
		for (int k = 0; k < p.diags; k++)
			forwardDiagonal(p, k, keepForBackward);
		Nd4j.pullRows(p.hSt, p.hOut, 1, p.outIdx);
		p.forwardDone = true;
		p.kept = keepForBackward;
		return p.hOut;
	}

	private void forwardDiagonal(WavefrontPlan p, int k, boolean keep) {
		INDArray a = p.aK[k];
		// a = [x 1]·W_x + h_left·W_hl + h_top·W_ht (+ c_left·W_cl + c_top·W_ct)    'f' [M_k, 5H]
		Nd4j.gemm(p.xK[k], wx, a, false, false, 1.0, 0.0);
		Nd4j.gemm(p.hL[k], wHL, a, false, false, 1.0, 1.0);
		Nd4j.gemm(p.hT[k], wHT, a, false, false, 1.0, 1.0);
		if (cfg.extended()) {
			Nd4j.gemm(p.cL[k], wCL, a, false, false, 1.0, 1.0);
			Nd4j.gemm(p.cT[k], wCT, a, false, false, 1.0, 1.0);
		}
		p.fused.forwardDiagonal(k, keep); // gates, c = ι⊙g + f_j⊙c_left + f_i⊙c_top, h = φ(o⊙c)
	}

	/**
	 * The state of the grid's last row after the latest forward: {h, c}, each a new [B·C, H] array with row
	 * b·C + j. Feed them as the top border of the next band.
	 */
	public INDArray[] lastRowState() {
		WavefrontPlan p = requireForward();
		return new INDArray[] {Nd4j.pullRows(p.hSt, 1, p.lastRowIdx, 'c'), p.fused.lastRowC()};
	}

	// -- backward --

	/**
	 * Full 2-D BPTT (spec §5.6) through the latest forward, which must have kept its activations. Overwrites
	 * {@link #gradients()} with the exact total gradient (sum over batch and positions) of L, where dh = ∂L/∂h.
	 *
	 * @param dh [B·R·C, H], natural order
	 * @return ∂L/∂x [B·R·C, C_in], natural order (a view of a layer-owned buffer)
	 */
	public INDArray backward(INDArray dh) {
		WavefrontPlan p = requireForward();
		if (!p.kept)
			throw new IllegalStateException("the latest forward ran with keepForBackward=false; "
				+ "run forward(..., true) before backward");
		Shapes.require(dh, "SLSTM output gradient dh", (long) p.n, hid);
		p.ensureBackward();
		p.dhExtData.assign(dh);
		Nd4j.pullRows(p.dhExt, p.dhSt, 1, p.dIdx);
		if (p.ext) p.dcSt.assign(0);
		for (INDArray g : grads)
			g.assign(0);
		p.fused.beginBackward();
		for (int k = p.diags - 1; k >= 0; k--)
			backwardDiagonal(p, k);
		Nd4j.pullRows(p.dxd, p.dxOut, 1, p.invIdx);
		return p.dxOutData;
	}

	private void backwardDiagonal(WavefrontPlan p, int k) {
		p.fused.backwardDiagonal(k); // δa = pre-activation gradients, 'f' [M_k, 5H]; δc to the left/top cells
		INDArray da = p.daK[k];
		// ΔW += uᵀ δa (bias via the ones column); δu = δa Wᵀ, written transposed so the outputs are 'f'
		Nd4j.gemm(p.xK[k], da, gx, true, false, 1.0, 1.0);
		Nd4j.gemm(p.hL[k], da, gHL, true, false, 1.0, 1.0);
		Nd4j.gemm(p.hT[k], da, gHT, true, false, 1.0, 1.0);
		Nd4j.gemm(wHL, da, p.dhLT[k], false, true, 1.0, 1.0);
		Nd4j.gemm(wHT, da, p.dhTT[k], false, true, 1.0, 1.0);
		if (cfg.extended()) {
			Nd4j.gemm(p.cL[k], da, gCL, true, false, 1.0, 1.0);
			Nd4j.gemm(p.cT[k], da, gCT, true, false, 1.0, 1.0);
			Nd4j.gemm(wCL, da, p.dcLT[k], false, true, 1.0, 1.0);
			Nd4j.gemm(wCT, da, p.dcTT[k], false, true, 1.0, 1.0);
		}
		Nd4j.gemm(wx, da, p.dxT[k], false, true, 1.0, 0.0);
	}

	private WavefrontPlan requireForward() {
		if (last == null || !last.forwardDone)
			throw new IllegalStateException("no forward pass to work on; call forward(...) first");
		return last;
	}

	private WavefrontPlan plan(int batch, int rows, int cols) {
		if (batch < 1 || rows < 1 || cols < 1)
			throw new IllegalArgumentException("grid must have batch, rows, cols ≥ 1 but is B=" + batch + ", R=" + rows
				+ ", C=" + cols + "; check the patch size against the neighbourhood size");
		if ((long) batch * rows * cols * 7 * hid > Integer.MAX_VALUE)
			throw new IllegalArgumentException("grid B·R·C = " + (long) batch * rows * cols + " positions is too large for "
				+ "one call at H=" + hid + "; process the image in bands of rows or smaller batches");
		String key = batch + "x" + rows + "x" + cols;
		WavefrontPlan p = plans.get(key);
		if (p == null) {
			if (plans.size() >= PLAN_CACHE) plans.remove(plans.keySet().iterator().next());
			p = new WavefrontPlan(batch, rows, cols, cin, hid, cfg.extended(), dt, cfg.nonlinearity());
			plans.put(key, p);
		}
		last = p;
		return p;
	}

	// -- parameters --

	/** The fused parameter arrays [wx, wHL, wHT (, wCL, wCT)] (see class javadoc); an optimiser updates them in place. */
	public List<INDArray> parameters() {
		return params;
	}

	/** Gradient arrays matching {@link #parameters()} one to one, overwritten by each {@link #backward}. */
	public List<INDArray> gradients() {
		return grads;
	}

	/** The gradient of one gate's weights in the spec layout, H × K (a new array). */
	public INDArray getWeightGradient(Gate gate) {
		return spec(gate, gx, gHL, gHT, gCL, gCT);
	}

	/** The gradient of one gate's bias, length H (a new array). */
	public INDArray getBiasGradient(Gate gate) {
		return gx.get(NDArrayIndex.point(cin), cols(gate)).dup();
	}

	/** W_* of one gate in the spec layout, H × K, columns [x | h_left | h_top (| c_left | c_top)] (a new array). */
	public INDArray getWeights(Gate gate) {
		return spec(gate, wx, wHL, wHT, wCL, wCT);
	}

	/** b_* of one gate, length H (a new array). */
	public INDArray getBias(Gate gate) {
		return wx.get(NDArrayIndex.point(cin), cols(gate)).dup();
	}

	/** Sets W_* of one gate from the spec layout H × K (any dtype; converted). */
	public void setWeights(Gate gate, INDArray w) {
		Shapes.require(w, gate.weightName, hid, cfg.inputSize());
		INDArray wt = w.castTo(dt).transpose(); // [K, H]
		wx.get(NDArrayIndex.interval(0, cin), cols(gate)).assign(wt.get(NDArrayIndex.interval(0, cin), NDArrayIndex.all()));
		INDArray[] rec = recurrentBlocks(wHL, wHT, wCL, wCT);
		for (int r = 0; r < rec.length; r++)
			rec[r].get(NDArrayIndex.all(), cols(gate))
				.assign(wt.get(NDArrayIndex.interval(cin + r * hid, cin + (r + 1) * hid), NDArrayIndex.all()));
	}

	/** Sets b_* of one gate (length H, any dtype; converted). */
	public void setBias(Gate gate, INDArray b) {
		if (b == null || b.length() != hid)
			throw new IllegalArgumentException(gate.biasName + " must have " + hid + " entries (H) but is "
				+ (b == null ? "null" : Shapes.text(b)));
		wx.get(NDArrayIndex.point(cin), cols(gate)).assign(b.castTo(dt).reshape(hid));
	}

	private INDArray spec(Gate gate, INDArray x, INDArray hl, INDArray ht, INDArray cl, INDArray ct) {
		INDArray out = Nd4j.create(dt, new long[] {cfg.inputSize(), hid}, 'c');
		out.get(NDArrayIndex.interval(0, cin), NDArrayIndex.all()).assign(x.get(NDArrayIndex.interval(0, cin), cols(gate)));
		INDArray[] rec = recurrentBlocks(hl, ht, cl, ct);
		for (int r = 0; r < rec.length; r++)
			out.get(NDArrayIndex.interval(cin + r * hid, cin + (r + 1) * hid), NDArrayIndex.all())
				.assign(rec[r].get(NDArrayIndex.all(), cols(gate)));
		return out.transpose().dup('c');
	}

	private INDArray[] recurrentBlocks(INDArray hl, INDArray ht, INDArray cl, INDArray ct) {
		return cfg.extended() ? new INDArray[] {hl, ht, cl, ct} : new INDArray[] {hl, ht};
	}

	private org.nd4j.linalg.indexing.INDArrayIndex cols(Gate gate) {
		return NDArrayIndex.interval(gate.ordinal() * hid, (gate.ordinal() + 1) * hid);
	}
}
