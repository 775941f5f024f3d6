package org.ride.core.whitening;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.nd.NdInit;

/** Degenerate or malformed data is rejected with a message that names the problem and the fix. */
class WhiteningBadInputTest {

	static {
		NdInit.ensure();
	}

	private static String fails(Runnable r) {
		return assertThrows(IllegalArgumentException.class, r::run).getMessage();
	}

	private static double[][] noise(int d, int n, long seed) {
		Random r = new Random(seed);
		double[][] a = new double[d][n];
		for (double[] row : a)
			for (int k = 0; k < n; k++) row[k] = r.nextGaussian();
		return a;
	}

	@Test
	void constantDataIsRejected() {
		INDArray x = Nd4j.ones(4, 100).muli(0.5), y = Nd4j.ones(1, 100);
		String m = fails(() -> Whitening.fit(x, y));
		assertTrue(m.contains("no variation") && m.contains("not constant"), m);
	}

	@Test
	void constantInputChannelIsRejected() {
		double[][] x = noise(4, 100, 1);
		java.util.Arrays.fill(x[2], 3.0);
		String m = fails(() -> Whitening.fit(Nd4j.create(x), Nd4j.create(noise(1, 100, 2))));
		assertTrue(m.contains("singular") && m.contains("texture"), m);
	}

	@Test
	void linearlyDependentFloatInputsAreRejected() {
		double[][] x = noise(3, 200, 3);
		for (int k = 0; k < 200; k++) x[2][k] = x[0][k] - 2 * x[1][k];
		INDArray xf = Nd4j.create(x).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
		INDArray yf = Nd4j.create(noise(1, 200, 4)).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
		String m = fails(() -> Whitening.fit(xf, yf));
		assertTrue(m.contains("singular"), m);
	}

	@Test
	void perfectlyPredictableOutputIsRejected() {
		double[][] x = noise(3, 100, 5), y = new double[1][100];
		for (int k = 0; k < 100; k++) y[0][k] = 2 * x[0][k] - x[2][k] + 1;
		String m = fails(() -> Whitening.fit(Nd4j.create(x), Nd4j.create(y)));
		assertTrue(m.contains("linear function"), m);
	}

	@Test
	void nanAndInfAreNamed() {
		double[][] x = noise(3, 50, 6);
		x[1][17] = Double.NaN;
		String m = fails(() -> Whitening.fit(Nd4j.create(x), Nd4j.create(noise(1, 50, 7))));
		assertTrue(m.contains("NaN") && m.contains("[1, 17]"), m);
		double[][] y = noise(1, 50, 8);
		y[0][3] = Double.POSITIVE_INFINITY;
		m = fails(() -> Whitening.fit(Nd4j.create(noise(3, 50, 9)), Nd4j.create(y)));
		assertTrue(m.contains("Infinity") && m.contains("[0, 3]"), m);
	}

	@Test
	void mismatchedSampleCountNamesBothShapes() {
		String m = fails(() -> Whitening.fit(Nd4j.create(noise(3, 50, 1)), Nd4j.create(noise(1, 40, 2))));
		assertTrue(m.contains("[3 x 50]") && m.contains("[1 x 40]"), m);
	}

	@Test
	void mapsCheckShapes() {
		Whitening wh = Whitening.fit(Nd4j.create(noise(3, 50, 1)), Nd4j.create(noise(2, 50, 2)));
		String m = fails(() -> wh.whitenInput(Nd4j.zeros(4, 10)));
		assertTrue(m.contains("[4 x 10]"), m);
		m = fails(() -> wh.whitenOutput(Nd4j.zeros(3, 10), Nd4j.zeros(2, 11)));
		assertTrue(m.contains("10") && m.contains("11"), m);
		m = fails(() -> wh.adjustGradient(Nd4j.zeros(3, 10), Nd4j.zeros(1, 10)));
		assertTrue(m.contains("[1 x 10]"), m);
	}
}
