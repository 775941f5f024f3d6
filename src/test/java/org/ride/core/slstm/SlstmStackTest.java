package org.ride.core.slstm;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ride.core.slstm.SlstmLayerTest.FORWARD_TOL;
import static org.ride.core.slstm.SlstmLayerTest.assertClose;
import static org.ride.core.slstm.SlstmLayerTest.randomInput;

import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Two-layer stacks against the raster reference and finite differences; band hand-over; input checks. */
class SlstmStackTest {

	static SlstmStack stack(boolean ext, long seed) {
		SlstmStack s = new SlstmStack(new SlstmConfig(3, 5, ext, Nonlinearity.TANH), 2, DataType.DOUBLE, new Random(seed));
		Random rng = new Random(seed + 1);
		for (int l = 0; l < 2; l++)
			for (Gate g : Gate.values()) {
				SlstmLayer layer = s.layer(l);
				layer.setWeights(g, Nd4j.create(randomInput(rng, 5, layer.config().inputSize())).muli(0.4));
				layer.setBias(g, Nd4j.create(randomInput(rng, 1, 5)[0]).muli(0.3));
			}
		return s;
	}

	@Test
	void twoLayerForwardMatchesReference() {
		for (boolean ext : new boolean[] {false, true}) {
			SlstmStack s = stack(ext, 31);
			double[][] x = randomInput(new Random(2), 2 * 3 * 4, 3);
			double[][] h1 = new NaiveSlstm(s.layer(0)).forward(x, 2, 3, 4, null, null)[0];
			double[][] h2 = new NaiveSlstm(s.layer(1)).forward(h1, 2, 3, 4, null, null)[0];
			assertClose(h2, s.forward(Nd4j.create(x), 2, 3, 4), FORWARD_TOL, "2-layer ext=" + ext);
		}
	}

	@Test
	void twoLayerGradientsMatchFiniteDifferences() {
		// NB: the single-layer tests cover every array of both variants; here the point is the gradient flow
		// between layers, so layer 1's input and recurrent weights, layer 2's input weights and the stack input.
		for (boolean ext : new boolean[] {true}) {
			SlstmStack s = stack(ext, 41);
			INDArray x = Nd4j.create(randomInput(new Random(3), 2 * 3 * 4, 3));
			INDArray w = Nd4j.create(randomInput(new Random(4), 2 * 3 * 4, 5));
			DoubleSupplier loss = () -> s.forward(x, 2, 3, 4).mul(w).sumNumber().doubleValue();
			s.forward(x, 2, 3, 4);
			INDArray dx = s.backward(w).dup();
			List<INDArray> p = s.parameters(), g = s.gradients();
			for (int a : new int[] {0, 2, 5})
				SlstmGradientTest.checkArray(p.get(a), g.get(a).dup(), loss, "stack ext=" + ext + " param " + a);
			SlstmGradientTest.checkArray(x, dx, loss, "stack ext=" + ext + " input");
		}
	}

	@Test
	void twoBandsWithHandedOverBorderEqualTheWholeGrid() {
		int b = 2, r = 5, c = 4, top = 2;
		SlstmStack s = stack(true, 51);
		double[][] x = randomInput(new Random(5), b * r * c, 3);
		double[][] whole = s.forward(Nd4j.create(x), b, r, c).dup().toDoubleMatrix();
		// bands hold rows [0, top) and [top, r) of every batch item
		double[][] x1 = new double[b * top * c][], x2 = new double[b * (r - top) * c][];
		for (int bb = 0; bb < b; bb++)
			for (int i = 0; i < r; i++)
				for (int j = 0; j < c; j++) {
					double[] row = x[(bb * r + i) * c + j];
					if (i < top) x1[(bb * top + i) * c + j] = row;
					else x2[(bb * (r - top) + i - top) * c + j] = row;
				}
		double[][] h1 = s.forward(Nd4j.create(x1), b, top, c).dup().toDoubleMatrix();
		INDArray[][] border = s.lastRowStates();
		double[][] h2 = s.forward(Nd4j.create(x2), b, r - top, c, border).dup().toDoubleMatrix();
		for (int bb = 0; bb < b; bb++)
			for (int i = 0; i < r; i++)
				for (int j = 0; j < c; j++) {
					double[] got = i < top ? h1[(bb * top + i) * c + j] : h2[(bb * (r - top) + i - top) * c + j];
					assertClose(new double[][] {whole[(bb * r + i) * c + j]}, Nd4j.create(new double[][] {got}),
						FORWARD_TOL, "band result at b=" + bb + " (" + i + ", " + j + ")");
				}
		// the same layer called again without a border must be back to zero borders
		assertClose(whole, s.forward(Nd4j.create(x), b, r, c), FORWARD_TOL, "zero borders after a band");
		double[][] again = s.forward(Nd4j.create(x2), b, r - top, c).toDoubleMatrix();
		double[][] ref1 = new NaiveSlstm(s.layer(0)).forward(x2, b, r - top, c, null, null)[0];
		double[][] ref2 = new NaiveSlstm(s.layer(1)).forward(ref1, b, r - top, c, null, null)[0];
		assertClose(ref2, Nd4j.create(again), FORWARD_TOL, "zero borders after a bordered call of the same shape");
	}

	@Test
	void badInputsAreRejectedWithTheirShapes() {
		SlstmLayer l = new SlstmLayer(SlstmConfig.of(3, 4), DataType.DOUBLE, new Random(1));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> l.forward(Nd4j.zeros(DataType.DOUBLE, 10, 3), 1, 3, 4));
		assertTrue(e.getMessage().contains("[12 x 3]") && e.getMessage().contains("[10 x 3]"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> l.forward(Nd4j.zeros(DataType.DOUBLE, 0, 3), 1, 0, 4));
		assertTrue(e.getMessage().contains("R=0"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class,
			() -> l.forward(Nd4j.zeros(DataType.DOUBLE, 12, 3), 1, 3, 4, Nd4j.zeros(DataType.DOUBLE, 4, 4), null));
		assertTrue(e.getMessage().contains("both"), e.getMessage());
		assertThrows(IllegalStateException.class, () -> new SlstmLayer(SlstmConfig.of(3, 4), DataType.DOUBLE,
			new Random(1)).backward(Nd4j.zeros(DataType.DOUBLE, 12, 4)));
		e = assertThrows(IllegalArgumentException.class, () -> new SlstmConfig(3, 0, false, Nonlinearity.TANH));
		assertTrue(e.getMessage().contains("numHiddens"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> l.setWeights(Gate.F_J, Nd4j.zeros(4, 10)));
		assertTrue(e.getMessage().contains("W_f_j") && e.getMessage().contains("[4 x 11]"), e.getMessage());
	}
}
