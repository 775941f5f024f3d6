package org.ride.core.slstm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
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
 * and the same GEMM/elementwise sequence as its forward pass, in the layer's dtype. About a dozen ND4J calls
 * per step whatever n is.
 * <p>
 * Work buffers are sized for {@code maxRows}; not thread-safe.
 */
public final class SlstmStep {

	private final SlstmConfig cfg;
	private final DataType dt;
	private final int hid, cin, maxRows;
	private final INDArray wx, wHL, wHT, wCL, wCT;
	private final DataBuffer xBuf, gBuf;
	private final Map<Integer, Views> views = new HashMap<>();

	/** Work buffers for blocks of up to {@code maxRows} positions. */
	public SlstmStep(SlstmLayer layer, int maxRows) {
		if (maxRows < 1) throw new IllegalArgumentException("maxRows is " + maxRows + "; a step needs ≥ 1 row");
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
		gBuf = Nd4j.createBuffer(dt, (long) maxRows * 8 * hid, true);
		// NB: the ones column multiplies the bias row of wx; x is written next to it and it is never overwritten
		Nd4j.create(xBuf, new long[] {maxRows, cin + 1}, new long[] {cin + 1, 1}, 0, 'c', dt).getColumn(cin).assign(1.0);
	}

	/** The fused pre-activation/activation chunk of one block size n, and views into it. */
	private final class Views {
		final INDArray xOnes, xData, a, g, sig, i, fi, fj, o, c, h, t;

		Views(int n) {
			xOnes = Nd4j.create(xBuf, new long[] {n, cin + 1}, new long[] {cin + 1, 1}, 0, 'c', dt);
			xData = Nd4j.create(xBuf, new long[] {n, cin}, new long[] {cin + 1, 1}, 0, 'c', dt);
			long blk = (long) n * hid;
			a = f(0, n, 5 * hid);
			g = f(0, n, hid);
			sig = f(blk, n, 4 * hid);
			i = f(blk, n, hid);
			fi = f(2 * blk, n, hid);
			fj = f(3 * blk, n, hid);
			o = f(4 * blk, n, hid);
			c = f(5 * blk, n, hid);
			h = f(6 * blk, n, hid);
			t = f(7 * blk, n, hid);
		}

		private INDArray f(long off, long r, long cols) {
			return Nd4j.create(gBuf, new long[] {r, cols}, new long[] {1, r}, off, 'f', dt);
		}
	}

	private Views views(int n) {
		Views v = views.get(n);
		if (v == null) {
			v = new Views(n);
			views.put(n, v);
		}
		return v;
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
		for (INDArray s : new INDArray[] {hLeft, cLeft, hTop, cTop, hOut, cOut})
			Shapes.require(s, "SLSTM step state", n, hid);
		Views v = views(n);
		v.xData.assign(x);
		Nd4j.gemm(v.xOnes, wx, v.a, false, false, 1.0, 0.0);
		Nd4j.gemm(hLeft, wHL, v.a, false, false, 1.0, 1.0);
		Nd4j.gemm(hTop, wHT, v.a, false, false, 1.0, 1.0);
		if (cfg.extended()) {
			Nd4j.gemm(cLeft, wCL, v.a, false, false, 1.0, 1.0);
			Nd4j.gemm(cTop, wCT, v.a, false, false, 1.0, 1.0);
		}
		cfg.nonlinearity().applyInPlace(v.g);
		Transforms.sigmoid(v.sig, false);
		v.i.mul(v.g, v.c);
		v.fj.mul(cLeft, v.t);
		v.c.addi(v.t);
		v.fi.mul(cTop, v.t);
		v.c.addi(v.t);
		v.o.mul(v.c, v.h);
		cfg.nonlinearity().applyInPlace(v.h);
		hOut.assign(v.h);
		cOut.assign(v.c);
	}
}
