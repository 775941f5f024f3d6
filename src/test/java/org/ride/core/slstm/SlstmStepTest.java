package org.ride.core.slstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Stepping {@link SlstmStep} in raster order over a grid reproduces the whole-grid {@link SlstmLayer#forward}. */
class SlstmStepTest {

	/** f64, same operations, only the order of the GEMM sums differs */
	private static final double TOL = 1e-12;
	/** f32: same gate code, GEMM sums in another order (values are O(1)) */
	private static final double FLOAT_TOL = 1e-5;

	@Test
	void rasterStepsEqualTheLayerForwardPlainAndExtendedAllNonlinearities() {
		int batch = 2, rows = 4, cols = 5, cin = 3, hid = 4;
		int seed = 20;
		for (Nonlinearity phi : Nonlinearity.values())
			for (boolean ext : new boolean[] {false, true}) {
				SlstmLayer l = SlstmLayerTest.layer(cin, hid, ext, phi, seed++);
				double[][] x = SlstmLayerTest.randomInput(new Random(seed), batch * rows * cols, cin);
				INDArray want = l.forward(Nd4j.create(x), batch, rows, cols).dup();
				INDArray got = stepped(l, Nd4j.create(x), batch, rows, cols);
				for (int r = 0; r < want.rows(); r++)
					for (int c = 0; c < hid; c++)
						assertEquals(want.getDouble(r, c), got.getDouble(r, c), TOL,
							phi + (ext ? " extended" : " plain") + " row " + r + " unit " + c);
			}
	}

	/**
	 * FLOAT layer, and states in column-major stores (row views with strides (1, rows)), x a transposed view:
	 * the step's strided reads and writes of ND4J memory must land on the right elements.
	 */
	@Test
	void floatStepsOnColumnMajorStoresEqualTheLayerForward() {
		int batch = 3, rows = 4, cols = 5, cin = 3, hid = 6;
		for (boolean ext : new boolean[] {false, true}) {
			SlstmLayer l = floatLayer(cin, hid, ext, 7);
			double[][] x = SlstmLayerTest.randomInput(new Random(8), batch * rows * cols, cin);
			INDArray xf = Nd4j.create(x).castTo(DataType.FLOAT);
			INDArray want = l.forward(xf, batch, rows, cols).dup();
			INDArray got = stepped(l, xf, batch, rows, cols, 'f');
			for (int r = 0; r < want.rows(); r++)
				for (int c = 0; c < hid; c++)
					assertEquals(want.getDouble(r, c), got.getDouble(r, c), FLOAT_TOL,
						(ext ? "extended" : "plain") + " row " + r + " unit " + c);
		}
	}

	/** As {@link SlstmLayerTest#layer} (larger weights, non-zero biases) in FLOAT. */
	private static SlstmLayer floatLayer(int cin, int hid, boolean ext, long seed) {
		SlstmLayer l = new SlstmLayer(new SlstmConfig(cin, hid, ext, Nonlinearity.TANH), DataType.FLOAT, new Random(seed));
		Random rng = new Random(seed + 1);
		for (Gate g : Gate.values()) {
			l.setWeights(g, Nd4j.create(SlstmLayerTest.randomInput(rng, hid, l.config().inputSize())).muli(0.4));
			l.setBias(g, Nd4j.create(SlstmLayerTest.randomInput(rng, 1, hid)[0]).muli(0.3));
		}
		return l;
	}

	private static INDArray stepped(SlstmLayer l, INDArray x, int batch, int rows, int cols) {
		return stepped(l, x, batch, rows, cols, 'c');
	}

	/** All batch items of one grid position form a block of B rows; states live in a zero-bordered store. */
	private static INDArray stepped(SlstmLayer l, INDArray x, int batch, int rows, int cols, char order) {
		int hid = l.config().numHiddens();
		DataType dt = l.dataType();
		SlstmStep step = new SlstmStep(l, batch);
		// store row ((i+1)·(C+1) + (j+1))·B + b; row index −1 entries stay zero (spec §5.1)
		INDArray hs = Nd4j.create(dt, new long[] {(rows + 1) * (cols + 1) * batch, hid}, order);
		INDArray cs = Nd4j.create(dt, new long[] {(rows + 1) * (cols + 1) * batch, hid}, order);
		INDArray out = Nd4j.create(dt, batch * rows * cols, hid);
		// NB: in 'f' mode x is handed over as the transpose of a column-major [C_in, B] block
		INDArray xb = order == 'c' ? Nd4j.create(dt, batch, x.columns())
			: Nd4j.create(dt, new long[] {x.columns(), batch}, 'f').transpose();
		for (int i = 0; i < rows; i++)
			for (int j = 0; j < cols; j++) {
				for (int b = 0; b < batch; b++) xb.putRow(b, x.getRow((b * rows + i) * cols + j));
				int own = ((i + 1) * (cols + 1) + j + 1) * batch, left = own - batch, top = own - (cols + 1) * batch;
				step.step(xb, rowsOf(hs, left, batch), rowsOf(cs, left, batch), rowsOf(hs, top, batch),
					rowsOf(cs, top, batch), rowsOf(hs, own, batch), rowsOf(cs, own, batch));
				for (int b = 0; b < batch; b++) out.putRow((b * rows + i) * cols + j, hs.getRow(own + b));
			}
		return out;
	}

	private static INDArray rowsOf(INDArray a, int from, int n) {
		return a.get(NDArrayIndex.interval(from, from + n), NDArrayIndex.all());
	}

	@Test
	void rejectsBlocksLargerThanItsBuffers() {
		SlstmLayer l = SlstmLayerTest.layer(2, 3, false, Nonlinearity.TANH, 1);
		SlstmStep step = new SlstmStep(l, 1);
		INDArray z = Nd4j.zeros(DataType.DOUBLE, 2, 3);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> step.step(Nd4j.zeros(DataType.DOUBLE, 2, 2), z, z, z, z, z.dup(), z.dup()));
		assertEquals(true, e.getMessage().contains("larger maxRows"), e.getMessage());
	}
}
