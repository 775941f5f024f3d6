package org.ride.core.slstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ride.core.slstm.SlstmLayerTest.FORWARD_TOL;
import static org.ride.core.slstm.SlstmLayerTest.assertClose;
import static org.ride.core.slstm.SlstmLayerTest.layer;
import static org.ride.core.slstm.SlstmLayerTest.randomInput;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The single-precision fast path (rational tanh) and the forward-only mode against the f64 reference. */
class SlstmFastPathTest {

	/** documented bounds of the fast float tanh (absolute and relative) and σ (absolute), FusedFloat javadoc */
	static final double TANH_TOL = 2.8e-7, SIGMOID_TOL = 1.7e-7;
	/** f32 layer vs f64 reference, relative to max(1, |h|): float GEMMs (K ≤ 19 terms) plus fast tanh/σ, 6×7 grid */
	static final double FLOAT_TOL = 2e-5;

	@Test
	void fastTanhAndSigmoidMeetTheirBounds() {
		double tanhErr = 0, sigErr = 0;
		for (int s = -2_000_000; s <= 2_000_000; s++) { // every 1e-5 on [−20, 20]
			float x = s * 1e-5f;
			double t = Math.tanh(x), sg = 1 / (1 + Math.exp(-x));
			tanhErr = Math.max(tanhErr, Math.abs(FusedFloat.tanh(x) - t) / Math.max(Math.abs(t), 1e-3));
			sigErr = Math.max(sigErr, Math.abs(FusedFloat.sigm(x) - sg));
		}
		assertTrue(tanhErr <= TANH_TOL, "tanh relative error " + tanhErr);
		assertTrue(sigErr <= SIGMOID_TOL, "sigmoid absolute error " + sigErr);
		assertTrue(tanhErr > TANH_TOL / 2, "the bound is tight, not slack: " + tanhErr);
		assertEquals(1.0, FusedFloat.tanh(1e30f), TANH_TOL, "clamp at +∞ side");
		assertEquals(-1.0, FusedFloat.tanh(-1e30f), TANH_TOL, "clamp at −∞ side");
		assertEquals(0.0, FusedFloat.sigm(-1e30f), SIGMOID_TOL, "σ at −∞");
		assertTrue(Math.abs(FusedFloat.tanh(1e30f)) <= 1 && FusedFloat.sigm(-1e30f) >= 0, "never outside the range");
		assertEquals(1e-20f, FusedFloat.tanh(1e-20f), 1e-26, "tiny argument");
	}

	@Test
	void exactMathModeUsesTheLibraryFunctions() {
		SlstmLayer f = new SlstmLayer(SlstmConfig.of(3, 8), DataType.FLOAT, new Random(5));
		INDArray x = Nd4j.create(randomInput(new Random(6), 2 * 9 * 10, 3)).castTo(DataType.FLOAT).muli(3);
		double[][] fast = f.forward(x, 2, 9, 10).toDoubleMatrix();
		f.setExactMath(true);
		double[][] exact = f.forward(x, 2, 9, 10).toDoubleMatrix();
		f.setExactMath(false);
		double maxDiff = 0;
		for (int r = 0; r < fast.length; r++)
			for (int u = 0; u < fast[r].length; u++)
				maxDiff = Math.max(maxDiff, Math.abs(fast[r][u] - exact[r][u]));
		assertTrue(maxDiff > 0, "exact mode must change the gate maths");
		assertTrue(maxDiff < 20 * TANH_TOL, "fast and exact differ by " + maxDiff + ", more than the bounds allow");
		assertEquals((float) Math.tanh(0.7f), FusedFloat.exactTanh(0.7f), 0, "exact tanh is Math.tanh rounded to float");
		assertEquals((float) (1 / (1 + Math.exp(-0.7))), FusedFloat.exactSigm(0.7f), 0, "exact σ");
	}

	@Test
	void floatLayerMatchesDoubleReference() {
		for (Nonlinearity phi : Nonlinearity.values())
			for (boolean ext : new boolean[] {false, true}) {
				SlstmLayer d = layer(3, 5, ext, phi, 40 + phi.ordinal());
				SlstmLayer f = new SlstmLayer(d.config(), DataType.FLOAT, new Random(0));
				for (int a = 0; a < d.parameters().size(); a++)
					f.parameters().get(a).assign(d.parameters().get(a).castTo(DataType.FLOAT));
				double[][] x = randomInput(new Random(9), 2 * 6 * 7, 3);
				double[][] ref = new NaiveSlstm(d).forward(x, 2, 6, 7, null, null)[0];
				double[][] got = f.forward(Nd4j.create(x).castTo(DataType.FLOAT), 2, 6, 7).toDoubleMatrix();
				for (int r = 0; r < ref.length; r++)
					for (int u = 0; u < ref[r].length; u++) // relative: ReLU states grow to O(100) here
						assertEquals(ref[r][u], got[r][u], FLOAT_TOL * Math.max(1, Math.abs(ref[r][u])),
							phi + " ext=" + ext + " at [" + r + ", " + u + "]");
			}
	}

	@Test
	void forwardOnlyGivesTheSameMapAndRefusesBackward() {
		SlstmLayer l = layer(3, 4, true, Nonlinearity.TANH, 50);
		double[][] x = randomInput(new Random(51), 2 * 4 * 5, 3);
		double[][] ref = new NaiveSlstm(l).forward(x, 2, 4, 5, null, null)[0];
		assertClose(ref, l.forward(Nd4j.create(x), 2, 4, 5, null, null, false), FORWARD_TOL, "forward-only");
		IllegalStateException e = assertThrows(IllegalStateException.class,
			() -> l.backward(Nd4j.zeros(DataType.DOUBLE, 40, 4)));
		assertTrue(e.getMessage().contains("keepForBackward"), e.getMessage());
		INDArray h = l.forward(Nd4j.create(x), 2, 4, 5);
		assertClose(ref, h, FORWARD_TOL, "keeping forward after forward-only");
		l.backward(Nd4j.zeros(DataType.DOUBLE, 40, 4)); // allowed again
	}

	@Test
	void forwardOnlyStackBandsEqualTheWholeGrid() {
		SlstmStack s = new SlstmStack(new SlstmConfig(2, 3, false, Nonlinearity.TANH), 2, DataType.DOUBLE, new Random(60));
		double[][] x = randomInput(new Random(61), 5 * 4, 2);
		double[][] whole = s.forward(Nd4j.create(x), 1, 5, 4).dup().toDoubleMatrix();
		double[][] top = java.util.Arrays.copyOfRange(x, 0, 8), bottom = java.util.Arrays.copyOfRange(x, 8, 20);
		double[][] h1 = s.forward(Nd4j.create(top), 1, 2, 4, null, false).dup().toDoubleMatrix();
		double[][] h2 = s.forward(Nd4j.create(bottom), 1, 3, 4, s.lastRowStates(), false).toDoubleMatrix();
		assertClose(java.util.Arrays.copyOfRange(whole, 0, 8), Nd4j.create(h1), FORWARD_TOL, "band 1");
		assertClose(java.util.Arrays.copyOfRange(whole, 8, 20), Nd4j.create(h2), FORWARD_TOL, "band 2");
	}
}
