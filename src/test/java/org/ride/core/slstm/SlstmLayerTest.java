package org.ride.core.slstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Wavefront layer against the raster-order reference, finite differences, borders and input checks. */
class SlstmLayerTest {

	/** f64 wavefront vs f64 raster loop: only summation order differs. */
	static final double FORWARD_TOL = 1e-12;
	/** central differences with step 1e-6 in f64: truncation ~1e-12, round-off ~1e-10 */
	static final double FD_TOL = 1e-7;
	static final double FD_STEP = 1e-6;

	static double[][] randomInput(Random rng, int n, int dim) {
		double[][] x = new double[n][dim];
		for (double[] row : x)
			for (int d = 0; d < dim; d++)
				row[d] = rng.nextGaussian();
		return x;
	}

	static SlstmLayer layer(int cin, int hid, boolean ext, Nonlinearity phi, long seed) {
		SlstmLayer l = new SlstmLayer(new SlstmConfig(cin, hid, ext, phi), DataType.DOUBLE, new Random(seed));
		// larger weights and non-zero biases than the init, so every term matters
		Random rng = new Random(seed + 1);
		for (Gate g : Gate.values()) {
			l.setWeights(g, Nd4j.create(randomInput(rng, hid, l.config().inputSize())).muli(0.4));
			l.setBias(g, Nd4j.create(randomInput(rng, 1, hid)[0]).muli(0.3));
		}
		return l;
	}

	static void assertClose(double[][] want, INDArray got, double tol, String what) {
		double[][] g = got.toDoubleMatrix();
		assertEquals(want.length, g.length, what + " rows");
		for (int r = 0; r < want.length; r++)
			for (int c = 0; c < want[r].length; c++)
				assertEquals(want[r][c], g[r][c], tol, what + " at [" + r + ", " + c + "]");
	}

	@Test
	void forwardMatchesRasterReferenceOnManyShapes() {
		int[][] shapes = {{1, 3, 4}, {2, 3, 4}, {1, 1, 5}, {3, 5, 1}, {2, 4, 4}, {1, 6, 2}, {2, 1, 1}, {2, 2, 7}};
		int seed = 0;
		for (Nonlinearity phi : Nonlinearity.values())
			for (boolean ext : new boolean[] {false, true})
				for (int[] s : shapes) {
					SlstmLayer l = layer(3, 5, ext, phi, seed++);
					double[][] x = randomInput(new Random(seed), s[0] * s[1] * s[2], 3);
					double[][][] ref = new NaiveSlstm(l).forward(x, s[0], s[1], s[2], null, null);
					INDArray h = l.forward(Nd4j.create(x), s[0], s[1], s[2]);
					assertClose(ref[0], h, FORWARD_TOL, phi + " ext=" + ext + " B,R,C=" + s[0] + "," + s[1] + "," + s[2]);
				}
	}

	@Test
	void repeatedCallsReuseThePlanAndStayCorrect() {
		SlstmLayer l = layer(2, 4, false, Nonlinearity.TANH, 7);
		for (int rep = 0; rep < 3; rep++)
			for (int[] s : new int[][] {{2, 3, 3}, {1, 4, 2}, {2, 3, 3}}) {
				double[][] x = randomInput(new Random(rep * 10 + s[1]), s[0] * s[1] * s[2], 2);
				double[][][] ref = new NaiveSlstm(l).forward(x, s[0], s[1], s[2], null, null);
				assertClose(ref[0], l.forward(Nd4j.create(x), s[0], s[1], s[2]), FORWARD_TOL, "rep " + rep);
			}
	}

	@Test
	void specLayoutGettersRoundTrip() {
		SlstmLayer l = layer(3, 4, true, Nonlinearity.TANH, 3);
		Random rng = new Random(5);
		for (Gate g : Gate.values()) {
			double[][] w = randomInput(rng, 4, 3 + 16);
			double[] b = randomInput(rng, 1, 4)[0];
			l.setWeights(g, Nd4j.create(w));
			l.setBias(g, Nd4j.create(b));
			assertClose(w, l.getWeights(g), 0, g.weightName);
			assertClose(new double[][] {b}, l.getBias(g).reshape(1, 4), 0, g.biasName);
		}
	}

	@Test
	void initialisationIsUniformSmallWithZeroBias() {
		SlstmLayer l = new SlstmLayer(SlstmConfig.of(12, 16), DataType.FLOAT, new Random(1));
		for (Gate g : Gate.values()) {
			INDArray w = l.getWeights(g);
			assertEquals(16 * (12 + 32), w.length());
			assertTrue(w.amaxNumber().doubleValue() <= 0.08, g.weightName + " outside ±0.08");
			assertTrue(w.amaxNumber().doubleValue() > 0.07, g.weightName + " not spread over ±0.08");
			assertEquals(0.0, l.getBias(g).amaxNumber().doubleValue(), 0.0, g.biasName);
		}
		assertEquals(DataType.FLOAT, l.parameters().get(0).dataType());
	}

	@Test
	void changeReachesOnlyPositionsBelowAndRight() {
		// (i, j) reads only (i, j−1) and (i−1, j): a change of x at (2, 1) can reach exactly i ≥ 2, j ≥ 1 of
		// the same image. Everything else (earlier rows, column 0, the other batch item) must be bit-identical.
		int b = 2, r = 4, c = 3;
		SlstmLayer l = layer(3, 5, true, Nonlinearity.TANH, 11);
		double[][] x = randomInput(new Random(4), b * r * c, 3);
		double[][] before = l.forward(Nd4j.create(x), b, r, c).toDoubleMatrix();
		x[(1 * r + 2) * c + 1][0] += 1.0;
		double[][] after = l.forward(Nd4j.create(x), b, r, c).toDoubleMatrix();
		for (int bb = 0; bb < b; bb++)
			for (int i = 0; i < r; i++)
				for (int j = 0; j < c; j++) {
					int at = (bb * r + i) * c + j;
					double diff = 0;
					for (int u = 0; u < 5; u++)
						diff += Math.abs(after[at][u] - before[at][u]);
					String where = "b=" + bb + " (" + i + ", " + j + ")";
					if (bb == 1 && i >= 2 && j >= 1) assertTrue(diff > 1e-9, where + " should change");
					else assertEquals(0.0, diff, 0.0, where + " changed");
				}
	}
}
