package org.ride.core.mcgsm;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The single-precision log-p gate of FLOAT models against Math.exp and against the double gate. */
class FloatGateTest {

	@Test
	void expMatchesMathExpOnItsRange() {
		int n = 400_001;
		float[] x = new float[n];
		for (int i = 0; i < n; i++) x[i] = (float) (Gate.EXP_FLOOR * i / (n - 1)); // 0 .. −40
		double worst = 0;
		for (int i = 0; i < n; i++) worst = Math.max(worst, Math.abs(FloatGate.exp(x[i]) / Math.exp(x[i]) - 1));
		assertTrue(worst < FloatGate.EXP_REL, "relative error " + worst);
	}

	@Test
	void expFloorsVeryNegativeArgumentsAndKeepsNaN() {
		double floor = Math.exp(Gate.EXP_FLOOR);
		for (float x : new float[] { -41, -1e30f, Float.NEGATIVE_INFINITY })
			assertEquals(floor, FloatGate.exp(x), floor * FloatGate.EXP_REL, "e^" + x);
		assertTrue(Float.isNaN(FloatGate.exp(Float.NaN)));
		assertEquals(1, FloatGate.exp(0), FloatGate.EXP_REL);
	}

	/**
	 * A FLOAT model of the paper's size scores the same samples with the float gate (fast maths) and with the
	 * double gate (exact maths): they differ by float rounding of the energies and the exponential's error only,
	 * in every column of several blocks and a short last one.
	 */
	@Test
	void logLikelihoodAgreesWithTheDoubleGate() {
		Random rng = new Random(3);
		Mcgsm m = new Mcgsm(new McgsmConfig(64, 1, 32, 4, 32), DataType.FLOAT, rng);
		int n = 3 * Gate.BLOCK + 17;
		INDArray x = Nd4j.randn(DataType.FLOAT, 64, n).dup('f'), y = Nd4j.randn(DataType.FLOAT, 1, n).dup('f');
		double[] fast = m.logLikelihood(x, y).toDoubleVector();
		m.setExactMath(true);
		double[] exact = m.logLikelihood(x, y).toDoubleVector();
		double worst = 0;
		for (int i = 0; i < n; i++) worst = Math.max(worst, Math.abs(fast[i] - exact[i]));
		assertTrue(worst > 0, "the exact-math run must take the double gate");
		assertTrue(worst < 2e-5, "max |Δ log p| " + worst + " nats");
	}

	@Test
	void nonFiniteInputIsNamed() {
		Mcgsm m = new Mcgsm(new McgsmConfig(4, 1, 3, 2, 5), DataType.FLOAT, new Random(1));
		INDArray x = Nd4j.randn(DataType.FLOAT, 4, 300).dup('f'), y = Nd4j.randn(DataType.FLOAT, 1, 300);
		x.putScalar(2, 290, Float.NaN);
		String msg = assertThrows(IllegalArgumentException.class, () -> m.logLikelihood(x, y)).getMessage();
		assertTrue(msg.contains("NaN") && msg.contains("X"), msg);
	}
}
