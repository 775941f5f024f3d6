package org.ride.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.nd.NdInit;

class SgdAdamTest {

	private static final double F64_TOL = 1e-12, F32_TOL = 1e-6;

	// two steps on θ = [1, −2] with gradients g1, then g2
	private static final double[] THETA = { 1, -2 }, G1 = { 0.5, 1 }, G2 = { -1, 2 };

	@BeforeAll
	static void init() {
		NdInit.ensure();
	}

	@Test
	void sgdMatchesHandComputedSteps() {
		// lr 0.1, μ 0.9:  v1 = −g1 = [−0.5, −1]        θ1 = θ + 0.1 v1 = [0.95, −2.1]
		//                 v2 = 0.9 v1 − g2 = [0.55, −2.9]  θ2 = θ1 + 0.1 v2 = [1.005, −2.39]
		for (DataType dt : new DataType[] { DataType.DOUBLE, DataType.FLOAT }) {
			double tol = dt == DataType.DOUBLE ? F64_TOL : F32_TOL;
			INDArray p = vec(dt, THETA);
			Sgd sgd = new Sgd(0.1, 0.9);
			sgd.step(List.of(p), List.of(vec(dt, G1)));
			assertArrayEquals(new double[] { 0.95, -2.1 }, p.toDoubleVector(), tol);
			sgd.step(List.of(p), List.of(vec(dt, G2)));
			assertArrayEquals(new double[] { 1.005, -2.39 }, p.toDoubleVector(), tol, dt.toString());
		}
	}

	@Test
	void sgdUpdatesViewsAndSeveralArraysInPlace() {
		// a column view of a 'c' matrix (strided) and an 'f' matrix with a 'c' gradient
		INDArray big = Nd4j.createFromArray(new double[][] { { 0, 1 }, { 0, -2 } });
		INDArray col = big.getColumn(1);
		INDArray m = Nd4j.createFromArray(new double[][] { { 1, 2 }, { 3, 4 } }).dup('f');
		INDArray gm = Nd4j.createFromArray(new double[][] { { 1, 0 }, { 0, -1 } });
		new Sgd(0.1, 0.9).step(List.of(col, m), List.of(vec(DataType.DOUBLE, G1), gm));
		assertArrayEquals(new double[] { 0, 0.95, 0, -2.1 }, big.ravel().toDoubleVector(), F64_TOL);
		assertArrayEquals(new double[] { 0.9, 2, 3, 4.1 }, m.dup('c').ravel().toDoubleVector(), F64_TOL);
	}

	@Test
	void adamMatchesTheScalarFormula() {
		double lr = 0.1, b1 = 0.9, b2 = 0.999;
		for (DataType dt : new DataType[] { DataType.DOUBLE, DataType.FLOAT }) {
			double tol = dt == DataType.DOUBLE ? F64_TOL : F32_TOL;
			INDArray p = vec(dt, THETA);
			Adam adam = new Adam(lr, b1, b2);
			ScalarAdam ref = new ScalarAdam(lr, b1, b2, THETA);
			adam.step(List.of(p), List.of(vec(dt, G1)));
			ref.step(G1);
			// hand check of the first step: m/sqrt(s) = sign(g) and step = lr, so θ1 ≈ θ − lr·sign(g1)
			assertArrayEquals(new double[] { 0.9, -2.1 }, p.toDoubleVector(), 1e-6);
			assertArrayEquals(ref.theta, p.toDoubleVector(), tol);
			adam.step(List.of(p), List.of(vec(dt, G2)));
			ref.step(G2);
			assertArrayEquals(ref.theta, p.toDoubleVector(), tol, dt.toString());
			assertEquals(2, adam.stepCount());
		}
	}

	@Test
	void resetZeroesMomentum() {
		INDArray p = vec(DataType.DOUBLE, THETA);
		Sgd sgd = new Sgd(0.1, 0.9);
		sgd.step(List.of(p), List.of(vec(DataType.DOUBLE, G1)));
		sgd.step(List.of(p), List.of(vec(DataType.DOUBLE, G2)));
		sgd.reset();
		double[] before = p.toDoubleVector();
		sgd.step(List.of(p), List.of(vec(DataType.DOUBLE, G1)));
		// with v = 0: v = −g1, θ ← θ − 0.1 g1
		assertArrayEquals(new double[] { before[0] - 0.05, before[1] - 0.1 }, p.toDoubleVector(), F64_TOL);
	}

	@Test
	void adamResetRestartsTheStepCounter() {
		INDArray p = vec(DataType.DOUBLE, THETA);
		Adam adam = new Adam(0.1, 0.9, 0.999);
		adam.step(List.of(p), List.of(vec(DataType.DOUBLE, G1)));
		adam.step(List.of(p), List.of(vec(DataType.DOUBLE, G2)));
		adam.reset();
		assertEquals(0, adam.stepCount());
		ScalarAdam ref = new ScalarAdam(0.1, 0.9, 0.999, p.toDoubleVector());
		adam.step(List.of(p), List.of(vec(DataType.DOUBLE, G2)));
		ref.step(G2);
		assertArrayEquals(ref.theta, p.toDoubleVector(), F64_TOL);
	}

	@Test
	void rejectsMismatchedArrays() {
		Sgd sgd = new Sgd(0.1, 0.9);
		INDArray p = vec(DataType.DOUBLE, THETA);
		assertThrows(IllegalArgumentException.class,
			() -> sgd.step(List.of(p), List.of(Nd4j.zeros(DataType.DOUBLE, 3))));
		assertThrows(IllegalArgumentException.class,
			() -> sgd.step(List.of(p), List.of(vec(DataType.FLOAT, G1))));
		sgd.step(List.of(p), List.of(vec(DataType.DOUBLE, G1)));
		INDArray q = Nd4j.zeros(DataType.DOUBLE, 3);
		assertThrows(IllegalArgumentException.class, () -> sgd.step(List.of(q), List.of(q.dup())));
		assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(0));
		assertThrows(IllegalArgumentException.class, () -> new Adam(1e-3, 1, 0.999));
	}

	private static INDArray vec(DataType dt, double[] v) {
		return Nd4j.createFromArray(v).castTo(dt);
	}

	/** Spec §7.4.8 written out per scalar: the reference for {@link Adam}. */
	private static final class ScalarAdam {
		final double lr, b1, b2;
		final double[] theta, m, s;
		int t;

		ScalarAdam(double lr, double b1, double b2, double[] theta) {
			this.lr = lr;
			this.b1 = b1;
			this.b2 = b2;
			this.theta = theta.clone();
			m = new double[theta.length];
			s = new double[theta.length];
		}

		void step(double[] g) {
			t++;
			double step = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
			for (int i = 0; i < g.length; i++) {
				m[i] = b1 * m[i] + (1 - b1) * g[i];
				s[i] = b2 * s[i] + (1 - b2) * g[i] * g[i];
				theta[i] -= step * m[i] / (1e-8 + Math.sqrt(s[i]));
			}
		}
	}
}
