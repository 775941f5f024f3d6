package org.ride.core.slstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ride.core.slstm.SlstmLayerTest.FD_STEP;
import static org.ride.core.slstm.SlstmLayerTest.FD_TOL;
import static org.ride.core.slstm.SlstmLayerTest.layer;
import static org.ride.core.slstm.SlstmLayerTest.randomInput;

import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Central finite differences of L = Σ_n Σ_u w_nu h_nu (fixed random w) against the 2-D BPTT gradients of
 * every parameter array and of the input (spec §13.3: 3×4 grid, C_in = 3, H = 5, batch 2).
 */
class SlstmGradientTest {

	static final int B = 2, R = 3, C = 4, CIN = 3, HID = 5;

	@Test
	void plainLayerGradientsMatchFiniteDifferences() {
		checkLayer(false, Nonlinearity.TANH, 21);
	}

	@Test
	void extendedLayerGradientsMatchFiniteDifferences() {
		checkLayer(true, Nonlinearity.TANH, 22);
	}

	@Test
	void otherNonlinearitiesGradientsMatchFiniteDifferences() {
		checkLayer(true, Nonlinearity.SIGMOID, 23);
		checkLayer(false, Nonlinearity.RELU, 24);
	}

	private void checkLayer(boolean ext, Nonlinearity phi, long seed) {
		SlstmLayer l = layer(CIN, HID, ext, phi, seed);
		INDArray x = Nd4j.create(randomInput(new Random(seed + 100), B * R * C, CIN));
		INDArray w = Nd4j.create(randomInput(new Random(seed + 200), B * R * C, HID));
		DoubleSupplier loss = () -> l.forward(x, B, R, C).mul(w).sumNumber().doubleValue();
		l.forward(x, B, R, C);
		INDArray dx = l.backward(w).dup();
		List<INDArray> grads = l.gradients();
		for (int a = 0; a < grads.size(); a++)
			checkArray(l.parameters().get(a), grads.get(a).dup(), loss, phi + " ext=" + ext + " param " + a);
		checkArray(x, dx, loss, phi + " ext=" + ext + " input");
	}

	/** Entries checked per array: random ones (fixed seed) plus, per gate block, one in the last row (the bias of wx). */
	static final int SAMPLES = 10;

	/** Compares sampled entries of {@code analytic} with the central difference of {@code loss} in {@code target}. */
	static void checkArray(INDArray target, INDArray analytic, DoubleSupplier loss, String what) {
		long[] shape = target.shape();
		Random pick = new Random(what.hashCode());
		int blocks = shape[1] % 5 == 0 ? 5 : 0; // gate-block columns only for [*, 5H] arrays
		for (int s = 0; s < SAMPLES + blocks; s++) {
			long r = s < SAMPLES ? pick.nextInt((int) shape[0]) : shape[0] - 1;
			long c = s < SAMPLES ? pick.nextInt((int) shape[1]) : (s - SAMPLES) * shape[1] / blocks + pick.nextInt((int) shape[1] / blocks);
			double orig = target.getDouble(r, c);
			target.putScalar(new long[] {r, c}, orig + FD_STEP);
			double up = loss.getAsDouble();
			target.putScalar(new long[] {r, c}, orig - FD_STEP);
			double down = loss.getAsDouble();
			target.putScalar(new long[] {r, c}, orig);
			double fd = (up - down) / (2 * FD_STEP);
			assertEquals(fd, analytic.getDouble(r, c), FD_TOL * Math.max(1, Math.abs(fd)), what + " at [" + r + ", " + c + "]");
		}
	}
}
