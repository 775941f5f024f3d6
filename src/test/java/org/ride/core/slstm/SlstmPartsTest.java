package org.ride.core.slstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ride.core.slstm.SlstmLayerTest.FORWARD_TOL;
import static org.ride.core.slstm.SlstmLayerTest.assertClose;
import static org.ride.core.slstm.SlstmLayerTest.layer;
import static org.ride.core.slstm.SlstmLayerTest.randomInput;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The parallel paths: batch halves (B ≥ 2) and split diagonals (B = 1, diagonals of ≥ {@link WavefrontPlan#SPLIT_ROWS}
 * rows) against the raster reference and finite differences, and bit-identical results for 1 and 2 threads.
 */
class SlstmPartsTest {

	/**
	 * The spec's initial weights with random biases, forget gates biased to −2: over the ≥ 64 rows and columns
	 * that split diagonals need, {@link SlstmLayerTest#layer}'s large weights let cell states grow (they sum over
	 * both directions) until round-off exceeds the tolerances; they did so for the unsplit wavefront too.
	 */
	static SlstmLayer tame(int cin, int hid, boolean ext, long seed) {
		SlstmLayer l = new SlstmLayer(new SlstmConfig(cin, hid, ext, Nonlinearity.TANH), DataType.DOUBLE, new Random(seed));
		Random rng = new Random(seed + 1);
		for (Gate g : Gate.values()) {
			INDArray b = Nd4j.create(randomInput(rng, 1, hid)[0]).muli(0.3);
			l.setBias(g, g == Gate.F_I || g == Gate.F_J ? b.subi(2) : b); // f_i + f_j ≈ 0.25: bounded cells
		}
		return l;
	}

	@Test
	void splitDiagonalsMatchRasterReference() {
		int rows = WavefrontPlan.SPLIT_ROWS + 6, cols = WavefrontPlan.SPLIT_ROWS + 3;
		for (boolean ext : new boolean[] {false, true}) {
			SlstmLayer l = tame(3, 4, ext, ext ? 71 : 70);
			double[][] x = randomInput(new Random(72), rows * cols, 3);
			double[][] topH = randomInput(new Random(73), cols, 4), topC = randomInput(new Random(74), cols, 4);
			NaiveSlstm ref = new NaiveSlstm(l);
			double tol = FORWARD_TOL;
			for (int threads : new int[] {1, 2}) {
				l.setThreads(threads);
				assertClose(ref.forward(x, 1, rows, cols, null, null)[0], l.forward(Nd4j.create(x), 1, rows, cols),
					tol, "ext=" + ext + ", " + threads + " threads");
				assertClose(ref.forward(x, 1, rows, cols, topH, topC)[0],
					l.forward(Nd4j.create(x), 1, rows, cols, Nd4j.create(topH), Nd4j.create(topC), false), tol,
					"band mode, ext=" + ext + ", " + threads + " threads");
			}
		}
	}

	@Test
	void gradientsThroughSplitDiagonalsMatchFiniteDifferences() {
		int side = WavefrontPlan.SPLIT_ROWS + 2;
		SlstmLayer l = tame(2, 3, true, 75);
		INDArray x = Nd4j.create(randomInput(new Random(76), side * side, 2));
		INDArray w = Nd4j.create(randomInput(new Random(77), side * side, 3));
		DoubleSupplier loss = () -> l.forward(x, 1, side, side).mul(w).sumNumber().doubleValue();
		l.forward(x, 1, side, side);
		INDArray dx = l.backward(w).dup();
		List<INDArray> grads = l.gradients();
		for (int a : new int[] {0, 3}) // wx (x and bias), wCL (extended): backward reads the kept gates of every part
			SlstmGradientTest.checkArray(l.parameters().get(a), grads.get(a).dup(), loss, "split diagonals, param " + a);
		SlstmGradientTest.checkArray(x, dx, loss, "split diagonals, input");
	}

	@Test
	void resultsAreBitIdenticalForOneAndTwoThreads() {
		for (int[] shape : new int[][] {{1, 90, 100}, {5, 9, 8}}) {
			int b = shape[0], r = shape[1], c = shape[2], n = b * r * c;
			SlstmLayer d = layer(3, 6, false, Nonlinearity.TANH, 80);
			SlstmLayer f = new SlstmLayer(d.config(), DataType.FLOAT, new Random(0));
			for (int a = 0; a < d.parameters().size(); a++)
				f.parameters().get(a).assign(d.parameters().get(a).castTo(DataType.FLOAT));
			INDArray x = Nd4j.create(randomInput(new Random(81), n, 3)).castTo(DataType.FLOAT);
			INDArray dh = Nd4j.create(randomInput(new Random(82), n, 6)).castTo(DataType.FLOAT);
			float[][] ref = null;
			for (int threads : new int[] {1, 2, 1, 2}) {
				f.setThreads(threads);
				float[] h = f.forward(x, b, r, c).dup().data().asFloat();
				float[] dx = f.backward(dh).dup().data().asFloat();
				float[][] got = {h, dx, f.gradients().get(0).dup().data().asFloat(),
					f.gradients().get(1).dup().data().asFloat(), f.gradients().get(2).dup().data().asFloat()};
				if (ref == null) ref = got;
				for (int q = 0; q < got.length; q++)
					assertArrayEquals(ref[q], got[q], 0f, Arrays.toString(shape) + ", " + threads + " threads, result " + q);
			}
			double norm = 0;
			for (float v : ref[0]) norm += v * v;
			assertTrue(norm > 0, "non-trivial output");
		}
	}
}
