package org.ride.core.slstm;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ride.core.nd.Blas;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.nd.Shapes;

/**
 * One spatial LSTM step (spec §5.2) for a block of n independent positions at once, with explicit left and top
 * states: what sampling needs (§7.7), where the grid is visited in an order the whole-grid
 * {@link SlstmLayer#forward} cannot know in advance.
 * <pre>
 *   u   = [x ; h_left ; h_top (; c_left ; c_top)]
 *   g   = φ(W_g u + b_g)   ι = σ(W_i u + b_i)   f_i = σ(W_f_i u + b_f_i)   f_j = σ(W_f_j u + b_f_j)   o = σ(W_o u + b_o)
 *   c   = ι⊙g + f_j⊙c_left + f_i⊙c_top            h = φ(o⊙c)
 * </pre>
 * Shapes: x [n, C_in], h/c left/top [n, H] (any order, views allowed; zero rows for positions outside the
 * grid), outputs h, c [n, H]. Uses the layer's live fused parameter arrays ({@link SlstmLayer#parameters()})
 * and the same GEMMs and elementwise code as its forward pass ({@code FusedFloat/FusedDouble.cell}), in the
 * layer's dtype: 3 GEMMs (5 extended) per step whatever n is; x, the memory cells and the outputs move through
 * zero-copy NIO views of the ND4J buffers (any strides; element (r, u) at offset + r·s0 + u·s1).
 * <p>
 * Work buffers are sized for {@code maxRows}; not thread-safe.
 */
public final class SlstmStep {

	private final SlstmLayer layer;
	private final SlstmConfig cfg;
	private final DataType dt;
	private final int hid, cin, maxRows;
	private final INDArray wx, wHL, wHT, wCL, wCT;
	private final DataBuffer xBuf, gBuf;
	private final Map<Integer, INDArray[]> views = new HashMap<>();
	// Java-side column-major [n, H] blocks (unit u of row r at u·n + r), one set per precision
	private final float[][] fs;
	private final double[][] ds;

	/** Work buffers for blocks of up to {@code maxRows} positions. */
	public SlstmStep(SlstmLayer layer, int maxRows) {
		if (maxRows < 1) throw new IllegalArgumentException("maxRows is " + maxRows + "; a step needs ≥ 1 row");
		this.layer = layer;
		cfg = layer.config();
		dt = layer.dataType();
		hid = cfg.numHiddens();
		cin = cfg.inputDim();
		this.maxRows = maxRows;
		List<INDArray> p = layer.parameters();
		wx = p.get(0);
		wHL = p.get(1);
		wHT = p.get(2);
		wCL = cfg.extended() ? p.get(3) : null;
		wCT = cfg.extended() ? p.get(4) : null;
		xBuf = Nd4j.createBuffer(dt, (long) maxRows * (cin + 1), true);
		gBuf = Nd4j.createBuffer(dt, (long) maxRows * 5 * hid, true);
		// NB: the ones column multiplies the bias row of wx; x is written next to it and it is never overwritten
		Nd4j.create(xBuf, new long[] {maxRows, cin + 1}, new long[] {cin + 1, 1}, 0, 'c', dt).getColumn(cin).assign(1.0);
		int mh = maxRows * hid;
		fs = dt == DataType.FLOAT ? new float[9][mh] : null;
		ds = dt == DataType.FLOAT ? null : new double[9][mh];
	}

	/** [x with ones column 'c' [n, C_in + 1], pre-activations 'f' [n, 5H]] of one block size n. */
	private INDArray[] views(int n) {
		return views.computeIfAbsent(n, k -> new INDArray[] {
			Nd4j.create(xBuf, new long[] {k, cin + 1}, new long[] {cin + 1, 1}, 0, 'c', dt),
			Nd4j.create(gBuf, new long[] {k, 5 * hid}, new long[] {1, k}, 0, 'f', dt)});
	}

	/**
	 * One step for n = x.rows() positions; writes h and c (may be views, e.g. rows of a state store; they must not
	 * overlap the inputs).
	 */
	public void step(INDArray x, INDArray hLeft, INDArray cLeft, INDArray hTop, INDArray cTop, INDArray hOut,
		INDArray cOut) {
		int n = (int) x.rows();
		if (n < 1 || n > maxRows)
			throw new IllegalArgumentException("step got " + n + " rows but its buffers hold 1.." + maxRows
				+ "; create the SlstmStep with a larger maxRows");
		Shapes.require(x, "SLSTM step input x", n, cin);
		for (INDArray s : new INDArray[] {hLeft, cLeft, hTop, cTop, hOut, cOut}) {
			Shapes.require(s, "SLSTM step state", n, hid);
			if (s.dataType() != dt) throw new IllegalArgumentException("SLSTM step state is " + s.dataType()
				+ " but the layer computes in " + dt + "; pass states of the layer's dtype");
		}
		INDArray[] v = views(n);
		if (x.dataType() != dt) x = x.castTo(dt);
		if (dt == DataType.FLOAT) putX(x, n, xBuf.asNioFloat(), x.data().asNioFloat());
		else putX(x, n, xBuf.asNioDouble(), x.data().asNioDouble());
		INDArray a = v[1];
		Blas.gemm(v[0], wx, a, false, false, 1.0, 0.0);
		Blas.gemm(hLeft, wHL, a, false, false, 1.0, 1.0);
		Blas.gemm(hTop, wHT, a, false, false, 1.0, 1.0);
		if (cfg.extended()) {
			Blas.gemm(cLeft, wCL, a, false, false, 1.0, 1.0);
			Blas.gemm(cTop, wCT, a, false, false, 1.0, 1.0);
		}
		if (dt == DataType.FLOAT) cellFloat(n, cLeft, cTop, hOut, cOut);
		else cellDouble(n, cLeft, cTop, hOut, cOut);
	}

	// -- the elementwise half, in plain Java (blocks: g, i, f_i, f_j, o, c_left, c_top, c, h) --

	private void cellFloat(int n, INDArray cLeft, INDArray cTop, INDArray hOut, INDArray cOut) {
		int mh = n * hid;
		float[][] s = fs;
		FloatBuffer g = gBuf.asNioFloat();
		for (int b = 0; b < 5; b++) g.get(b * mh, s[b], 0, mh);
		read(cLeft, n, s[5]);
		read(cTop, n, s[6]);
		FusedFloat.cell(cfg.nonlinearity(), layer.exactMath(), s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], mh);
		write(s[8], n, hOut);
		write(s[7], n, cOut);
	}

	private void cellDouble(int n, INDArray cLeft, INDArray cTop, INDArray hOut, INDArray cOut) {
		int mh = n * hid;
		double[][] s = ds;
		DoubleBuffer g = gBuf.asNioDouble();
		for (int b = 0; b < 5; b++) g.get(b * mh, s[b], 0, mh);
		read(cLeft, n, s[5]);
		read(cTop, n, s[6]);
		FusedDouble.cell(cfg.nonlinearity(), s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], mh);
		write(s[8], n, hOut);
		write(s[7], n, cOut);
	}

	// -- strided moves between ND4J arrays [n, ·] and Java blocks; NB: asNio* views the whole underlying buffer,
	// so element (r, u) of a view sits at offset() + r·stride(0) + u·stride(1) --

	private void putX(INDArray x, int n, FloatBuffer dst, FloatBuffer src) {
		int o = (int) x.offset(), s0 = (int) x.stride(0), s1 = (int) x.stride(1);
		for (int r = 0; r < n; r++)
			for (int c = 0, at = o + r * s0, to = r * (cin + 1); c < cin; c++) dst.put(to + c, src.get(at + c * s1));
	}

	private void putX(INDArray x, int n, DoubleBuffer dst, DoubleBuffer src) {
		int o = (int) x.offset(), s0 = (int) x.stride(0), s1 = (int) x.stride(1);
		for (int r = 0; r < n; r++)
			for (int c = 0, at = o + r * s0, to = r * (cin + 1); c < cin; c++) dst.put(to + c, src.get(at + c * s1));
	}

	private void read(INDArray a, int n, float[] col) {
		FloatBuffer b = a.data().asNioFloat();
		int o = (int) a.offset(), s0 = (int) a.stride(0), s1 = (int) a.stride(1);
		for (int r = 0; r < n; r++)
			for (int u = 0, at = o + r * s0; u < hid; u++) col[u * n + r] = b.get(at + u * s1);
	}

	private void read(INDArray a, int n, double[] col) {
		DoubleBuffer b = a.data().asNioDouble();
		int o = (int) a.offset(), s0 = (int) a.stride(0), s1 = (int) a.stride(1);
		for (int r = 0; r < n; r++)
			for (int u = 0, at = o + r * s0; u < hid; u++) col[u * n + r] = b.get(at + u * s1);
	}

	private void write(float[] col, int n, INDArray a) {
		FloatBuffer b = a.data().asNioFloat();
		int o = (int) a.offset(), s0 = (int) a.stride(0), s1 = (int) a.stride(1);
		for (int r = 0; r < n; r++)
			for (int u = 0, at = o + r * s0; u < hid; u++) b.put(at + u * s1, col[u * n + r]);
	}

	private void write(double[] col, int n, INDArray a) {
		DoubleBuffer b = a.data().asNioDouble();
		int o = (int) a.offset(), s0 = (int) a.stride(0), s1 = (int) a.stride(1);
		for (int r = 0; r < n; r++)
			for (int u = 0, at = o + r * s0; u < hid; u++) b.put(at + u * s1, col[u * n + r]);
	}
}
