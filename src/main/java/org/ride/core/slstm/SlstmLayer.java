package org.ride.core.slstm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.ride.core.nd.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.ride.core.nd.Chunks;
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

	/** Plans kept for this many recent grid shapes whatever their size (training alternates train/validation shapes). */
	private static final int PLAN_CACHE = 2;
	/**
	 * Older plans are kept too, up to {@link #SMALL_PLANS} in all, while they hold at most {@link #SMALL_POSITIONS}
	 * grid positions together (~1 KB each at H = 64). NB: why. An inpainting sweep cycles through about seven small
	 * shapes (window batches of a few sizes, each in two forwards, and the score box); rebuilding their plans on every
	 * change of shape cost ~15 % of the sweep's CPU time.
	 */
	private static final int SMALL_PLANS = 8, SMALL_POSITIONS = 1 << 16;

	private final SlstmConfig cfg;
	private final DataType dt;
	private final int hid, cin;
	private final INDArray wx, wHL, wHT, wCL, wCT; // see class javadoc
	private final INDArray gx, gHL, gHT, gCL, gCT; // gradients, same shapes
	private final List<INDArray> params, grads;
	private final Map<String, Parts> plans = new LinkedHashMap<>(4, 0.75f, true);
	private Parts last;
	private int threads = Chunks.DEFAULT_THREADS;
	private volatile boolean exactMath;

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
		Parts s = parts(batch, rows, cols);
		s.forwardDone = false;
		Shapes.require(x, "SLSTM input x", (long) batch * rows * cols, cin);
		if ((topH == null) != (topC == null))
			throw new IllegalArgumentException("top border needs both h and c (or neither); got h="
				+ (topH == null ? "null" : Shapes.text(topH)) + ", c=" + (topC == null ? "null" : Shapes.text(topC)));
		if (topH != null) {
			Shapes.require(topH, "top border h", (long) batch * cols, hid);
			Shapes.require(topC, "top border c", (long) batch * cols, hid);
		}
		// NB: views are made here, not in the workers: each part reads its batch items' rows
		INDArray[] xs = s.rowsOf(x, rows * cols), ths = s.rowsOf(topH, cols), tcs = s.rowsOf(topC, cols);
		Chunks.run(s.plans.length, Math.min(threads, s.plans.length),
			(w, q) -> forward(s.plans[q], xs[q], ths[q], tcs[q], keepForBackward));
		s.forwardDone = true;
		s.kept = keepForBackward;
		return s.hOut;
	}

	/** The wavefront of one batch part (its own plan, buffers and state: parts never share memory). */
	private void forward(WavefrontPlan p, INDArray x, INDArray topH, INDArray topC, boolean keep) {
		p.loadInput(x);
		if (topH != null) {
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
		p.fused.beginForward(keep, exactMath);
		for (int k = 0; k < p.diags; k++)
			forwardDiagonal(p, k, keep); // each also writes its h into p.hOut, in natural order
	}

	private void forwardDiagonal(WavefrontPlan p, int k, boolean keep) {
		int parts = p.partFrom[k].length - 1;
		if (parts == 1) forwardPart(p, k, 0, keep);
		else Chunks.run(parts, Math.min(threads, parts), (w, q) -> forwardPart(p, k, q, keep));
	}

	private void forwardPart(WavefrontPlan p, int k, int q, boolean keep) {
		Blas.Gemm[] gemms = p.forwardGemms[k][q];
		if (gemms == null) gemms = p.forwardGemms[k][q] = forwardGemms(p, k, q);
		for (Blas.Gemm g : gemms)
			g.run();
		p.fused.forwardDiagonal(k, q, keep); // gates, c = ι⊙g + f_j⊙c_left + f_i⊙c_top, h = φ(o⊙c)
	}

	/** a = [x 1]·W_x + h_left·W_hl + h_top·W_ht (+ c_left·W_cl + c_top·W_ct), 'f' [M, 5H] (M: the part's rows). */
	private Blas.Gemm[] forwardGemms(WavefrontPlan p, int k, int q) {
		INDArray a = p.aKP[k][q];
		List<Blas.Gemm> g = new ArrayList<>(List.of(Blas.prepare(p.xKP[k][q], wx, a, false, false, 1.0, 0.0),
			Blas.prepare(p.hLP[k][q], wHL, a, false, false, 1.0, 1.0),
			Blas.prepare(p.hTP[k][q], wHT, a, false, false, 1.0, 1.0)));
		if (cfg.extended()) {
			g.add(Blas.prepare(p.cLP[k][q], wCL, a, false, false, 1.0, 1.0));
			g.add(Blas.prepare(p.cTP[k][q], wCT, a, false, false, 1.0, 1.0));
		}
		return g.toArray(Blas.Gemm[]::new);
	}

	/**
	 * A plan of this layer's for the forward-only bands of {@link BandForward} (B = 1, diagonals never split: one
	 * thread runs it), owned by the caller, not cached here: the layer's own plans stay free for other calls.
	 */
	WavefrontPlan bandPlan(int rows, int cols) {
		requireShape(1, rows, cols);
		return new WavefrontPlan(1, rows, cols, cin, hid, cfg.extended(), dt, cfg.nonlinearity(),
			Nd4j.create(dt, new long[] {(long) rows * cols, hid}, 'c'), null, false);
	}

	/**
	 * The forward-only wavefront of one band on a {@link #bandPlan}: {@code beforeDiagonal.accept(k)} runs before
	 * diagonal k (to put the top-border entry (−1, k) in place). Reads the parameters only, so threads may run
	 * bands of one layer on their own plans at the same time.
	 *
	 * @return h [R·C, H], natural order (the plan's buffer)
	 */
	INDArray forwardBand(WavefrontPlan p, INDArray x, java.util.function.IntConsumer beforeDiagonal) {
		Shapes.require(x, "SLSTM input x", (long) p.rows * p.cols, cin);
		p.loadInput(x);
		p.fused.beginForward(false, exactMath);
		for (int k = 0; k < p.diags; k++) {
			beforeDiagonal.accept(k);
			forwardPart(p, k, 0, false);
		}
		return p.hOut;
	}

	/**
	 * The state of the grid's last row after the latest forward: {h, c}, each a new [B·C, H] array with row
	 * b·C + j. Feed them as the top border of the next band.
	 */
	public INDArray[] lastRowState() {
		Parts s = requireForward();
		INDArray[] h = new INDArray[s.plans.length], c = new INDArray[s.plans.length];
		for (int q = 0; q < h.length; q++) {
			WavefrontPlan p = s.plans[q];
			h[q] = Nd4j.pullRows(p.hSt, 1, p.lastRowIdx, 'c');
			c[q] = p.fused.lastRowC();
		}
		return h.length == 1 ? new INDArray[] {h[0], c[0]} : new INDArray[] {Nd4j.concat(0, h), Nd4j.concat(0, c)};
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
		Parts s = requireForward();
		if (!s.kept)
			throw new IllegalStateException("the latest forward ran with keepForBackward=false; "
				+ "run forward(..., true) before backward");
		Shapes.require(dh, "SLSTM output gradient dh", (long) s.n, hid);
		INDArray[] dhs = s.rowsOf(dh, s.rows * s.cols);
		Chunks.run(s.plans.length, Math.min(threads, s.plans.length), (w, q) -> backward(s.plans[q], dhs[q]));
		// the parts' sums combined in part order, whatever thread ran which part
		for (int g = 0; g < grads.size(); g++) {
			grads.get(g).assign(s.plans[0].grads[g]);
			for (int q = 1; q < s.plans.length; q++)
				grads.get(g).addi(s.plans[q].grads[g]);
		}
		return s.dxOut;
	}

	private void backward(WavefrontPlan p, INDArray dh) {
		p.ensureBackward(params);
		p.dhExtData.assign(dh);
		Nd4j.pullRows(p.dhExt, p.dhSt, 1, p.dIdx);
		if (p.ext) p.dcSt.assign(0);
		for (INDArray g : p.grads)
			g.assign(0);
		p.fused.beginBackward();
		for (int k = p.diags - 1; k >= 0; k--)
			backwardDiagonal(p, k);
		p.writeDx();
	}

	private void backwardDiagonal(WavefrontPlan p, int k) {
		p.fused.backwardDiagonal(k); // δa = pre-activation gradients, 'f' [M_k, 5H]; δc to the left/top cells
		Blas.Gemm[] gemms = p.backwardGemms[k];
		if (gemms == null) gemms = p.backwardGemms[k] = backwardGemms(p, k);
		for (Blas.Gemm g : gemms)
			g.run();
	}

	/** ΔW += uᵀ δa (bias via the ones column); δu = δa Wᵀ, written transposed so the outputs are 'f'. */
	private Blas.Gemm[] backwardGemms(WavefrontPlan p, int k) {
		INDArray da = p.daK[k];
		INDArray[] g = p.grads;
		List<Blas.Gemm> b = new ArrayList<>(List.of(Blas.prepare(p.xK[k], da, g[0], true, false, 1.0, 1.0),
			Blas.prepare(p.hL[k], da, g[1], true, false, 1.0, 1.0),
			Blas.prepare(p.hT[k], da, g[2], true, false, 1.0, 1.0),
			Blas.prepare(wHL, da, p.dhLT[k], false, true, 1.0, 1.0),
			Blas.prepare(wHT, da, p.dhTT[k], false, true, 1.0, 1.0)));
		if (cfg.extended()) {
			b.add(Blas.prepare(p.cL[k], da, g[3], true, false, 1.0, 1.0));
			b.add(Blas.prepare(p.cT[k], da, g[4], true, false, 1.0, 1.0));
			b.add(Blas.prepare(wCL, da, p.dcLT[k], false, true, 1.0, 1.0));
			b.add(Blas.prepare(wCT, da, p.dcTT[k], false, true, 1.0, 1.0));
		}
		b.add(Blas.prepare(wx, da, p.dxT[k], false, true, 1.0, 0.0));
		return b.toArray(Blas.Gemm[]::new);
	}

	private Parts requireForward() {
		if (last == null || !last.forwardDone)
			throw new IllegalStateException("no forward pass to work on; call forward(...) first");
		return last;
	}

	private Parts parts(int batch, int rows, int cols) {
		requireShape(batch, rows, cols);
		String key = batch + "x" + rows + "x" + cols;
		Parts s = plans.get(key);
		if (s == null) {
			evictPlans(); // NB: first, so that the evicted plans' memory is free before the new one takes its own
			s = new Parts(batch, rows, cols);
			plans.put(key, s);
		}
		last = s;
		return s;
	}

	/**
	 * Makes room for one more plan: drops the least recently used plans beyond the {@link #PLAN_CACHE} − 1 most
	 * recent until the older ones are few and small enough.
	 */
	private void evictPlans() {
		while (plans.size() >= PLAN_CACHE) {
			long older = 0;
			int left = plans.size() + 1 - PLAN_CACHE;
			for (Parts p : plans.values()) { // least recently used first
				if (left-- == 0) break;
				older += p.n;
			}
			if (plans.size() < SMALL_PLANS && older <= SMALL_POSITIONS) return;
			plans.remove(plans.keySet().iterator().next());
		}
	}

	private void requireShape(int batch, int rows, int cols) {
		if (batch < 1 || rows < 1 || cols < 1)
			throw new IllegalArgumentException("grid must have batch, rows, cols ≥ 1 but is B=" + batch + ", R=" + rows
				+ ", C=" + cols + "; check the patch size against the neighbourhood size");
		if ((long) batch * rows * cols * 7 * hid > Integer.MAX_VALUE)
			throw new IllegalArgumentException("grid B·R·C = " + (long) batch * rows * cols + " positions is too large for "
				+ "one call at H=" + hid + "; process the image in bands of rows or smaller batches");
	}

	/**
	 * FLOAT layers compute σ and tanh by the fast rational forms of {@link FusedFloat} (errors ≤ 2.8e-7, see
	 * there) unless this is set: then by {@code Math.tanh} and 1/(1 + e^−x) in double, rounded to float, about
	 * as accurate as float allows and several times slower; the reference for accuracy checks (forward and
	 * {@link SlstmStep}). DOUBLE layers, the ones the gradient checks use, are always exact.
	 */
	public void setExactMath(boolean exact) {
		exactMath = exact;
	}

	public boolean exactMath() {
		return exactMath;
	}

	/** Number of threads the parts of a call run on (default: one per processor); results never depend on it. */
	public void setThreads(int n) {
		if (n < 1) throw new IllegalArgumentException("thread count is " + n + " but must be ≥ 1");
		threads = n;
	}

	/**
	 * A grid shape split into batch parts, each an independent wavefront with its own {@link WavefrontPlan}: two
	 * halves for B ≥ 2 (the first ⌈B/2⌉ items, then the rest), one part for B = 1, whose long diagonals are split
	 * instead (see {@link WavefrontPlan}; the forward pass then meets the other thread once per diagonal). NB: the split depends on the
	 * shape only, never on the thread count, and the parts' gradients are summed in part order, so results are
	 * bit-identical for any number of threads. The parts' outputs are views into the layer-owned whole-grid
	 * buffers, written by each part's final row gather.
	 */
	private final class Parts {
		final int batch, rows, cols, n;
		final int[] from; // first batch item of each part, then B
		final WavefrontPlan[] plans;
		final INDArray hOut, dxOut;
		boolean forwardDone, kept;

		Parts(int batch, int rows, int cols) {
			this.batch = batch;
			this.rows = rows;
			this.cols = cols;
			n = batch * rows * cols;
			int half = (batch + 1) / 2;
			from = batch >= 2 ? new int[] {0, half, batch} : new int[] {0, batch};
			plans = new WavefrontPlan[from.length - 1];
			hOut = Nd4j.create(dt, new long[] {n, hid}, 'c');
			dxOut = Nd4j.create(dt, new long[] {n, cin}, 'c');
			INDArray[] hs = rowsOf(hOut, rows * cols), dxs = rowsOf(dxOut, rows * cols);
			for (int q = 0; q < plans.length; q++)
				plans[q] = new WavefrontPlan(from[q + 1] - from[q], rows, cols, cin, hid, cfg.extended(), dt,
					cfg.nonlinearity(), hs[q], dxs[q], batch == 1);
		}

		/** Each part's rows of a [B·per, ·] array whose rows are batch-major (null stays null). */
		INDArray[] rowsOf(INDArray a, int per) {
			INDArray[] out = new INDArray[plans.length];
			for (int q = 0; q < out.length; q++)
				out[q] = a == null ? null : plans.length == 1 ? a
					: a.get(NDArrayIndex.interval((long) from[q] * per, (long) from[q + 1] * per), NDArrayIndex.all());
			return out;
		}
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
