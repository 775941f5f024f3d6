package org.ride.core.mcgsm;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Parameter groups: constructor initialisation, Cholesky normalisation, flat vector, copies and casts. */
class McgsmParamsTest {

	private static final double TOL = 1e-12;

	@Test
	void constructorInitialisationFollowsSpec() {
		McgsmConfig c = new McgsmConfig(6, 2, 5, 3, 0);
		assertEquals(6, c.numFeatures(), "F = 0 means F = dimIn");
		McgsmParams p = new McgsmParams(c, DataType.DOUBLE, new Random(3));
		for (double v : p.priors().data().asDouble()) assertEquals(0, v);
		for (double v : p.scales().data().asDouble()) assertTrue(v >= -1 && v < 1);
		for (double v : p.weights().data().asDouble()) assertTrue(v >= 0.01 && v <= 0.02);
		for (double v : p.features().data().asDouble()) assertTrue(Math.abs(v) < 0.06);
		for (double v : p.linearFeatures().data().asDouble()) assertEquals(0, v);
		for (double v : p.means().data().asDouble()) assertEquals(0, v);
		INDArray l = p.choleskyFactors();
		for (int k = 0; k < 5; k++)
			for (int i = 0; i < 2; i++)
				for (int j = 0; j < 2; j++) assertEquals(i == j ? 1 : 0, l.getDouble(k, i, j));
		assertArrayEquals(new long[] { 5, 2, 6 }, p.predictors().shape());
		// the draw order is documented: scales first, so the first scale is 2·u − 1 of the first draw
		assertEquals(2 * new Random(3).nextDouble() - 1, p.scales().getDouble(0, 0), TOL);
		assertArrayEquals(p.toVector(TrainFlags.ALL),
			new McgsmParams(c, DataType.DOUBLE, new Random(3)).toVector(TrainFlags.ALL), "same seed, same model");
	}

	@Test
	void choleskyNormalisationKeepsTheModel() {
		// Scale L_k by p_k and undo what normalisation will do to α and β: the model must equal the golden one.
		McgsmParams gold = Golden.params(DataType.DOUBLE);
		McgsmParams p = Golden.params(DataType.DOUBLE);
		double[] scale = { 2.0, 0.5, -1.5 };
		INDArray l = gold.choleskyFactors(), a = gold.scales(), b = gold.weights();
		for (int k = 0; k < 3; k++) {
			l.slice(k).muli(scale[k]);
			a.getRow(k).subi(2 * Math.log(Math.abs(scale[k])));
			b.getRow(k).muli(scale[k]);
		}
		p.set("scales", a);
		p.set("weights", b);
		p.set("cholesky_factors", l);
		assertEquals(1.0, p.choleskyFactors().getDouble(2, 0, 0), TOL);
		INDArray lp = new Mcgsm(p).logLikelihood(Golden.x(DataType.DOUBLE), Golden.y(DataType.DOUBLE));
		assertArrayEquals(Golden.LOGP, lp.toDoubleVector(), 1e-9);
	}

	@Test
	void flatVectorRoundTripsAndHasTheSpecLayout() {
		McgsmParams p = Golden.params(DataType.DOUBLE);
		double[] theta = p.toVector(TrainFlags.ALL);
		assertEquals(101, theta.length);
		// block starts: η 0, α 6, β 12, B 24, L 44, A 50, U 80, M 95 (each column-major)
		assertEquals(0.5 * Golden.dv(1, 1, 0), theta[1], TOL, "η[1,0] is second (column-major)");
		assertEquals(0.7 * Golden.dv(2, 0, 1), theta[6 + 3], TOL, "α[0,1]");
		assertEquals(0.6 * Golden.dv(4, 1, 2), theta[24 + 2 * 5 + 1], TOL, "B[1,2]");
		assertEquals(0.4 * Golden.dv(7, 1, 0), theta[44 + 2], TOL, "L_1[1,0]");
		assertEquals(0.8 + 0.3 * Math.abs(Golden.dv(7, 1, 1)), theta[44 + 3], TOL, "L_1[1,1]");
		assertEquals(0.5 * Golden.dv(9, 1, 3), theta[50 + 10 + 3 * 2 + 1], TOL, "A_2[1,3]");
		assertEquals(0.2 * Golden.dv(5, 2, 4), theta[80 + 4 * 3 + 2], TOL, "U[2,4]");
		assertEquals(0.3 * Golden.dv(6, 1, 2), theta[95 + 2 * 2 + 1], TOL, "M[1,2]");

		McgsmParams q = new McgsmParams(p.config(), DataType.DOUBLE);
		q.setFromVector(theta, TrainFlags.ALL);
		assertArrayEquals(theta, q.toVector(TrainFlags.ALL));
		assertEquals(80, p.numParameters(TrainFlags.DEFAULT));
		double[] def = p.toVector(TrainFlags.DEFAULT);
		assertArrayEquals(java.util.Arrays.copyOf(theta, 80), java.util.Arrays.copyOf(def, 80), TOL);
		assertEquals(80 + 6, p.numParameters(TrainFlags.DEFAULT.withMeans(true)));
	}

	@Test
	void copyIsDeepAndCastRounds() {
		McgsmParams p = Golden.params(DataType.DOUBLE), c = p.copy();
		double[] theta = p.toVector(TrainFlags.ALL);
		theta[0] += 1;
		c.setFromVector(theta, TrainFlags.ALL);
		assertNotEquals(p.toVector(TrainFlags.ALL)[0], c.toVector(TrainFlags.ALL)[0]);
		McgsmParams f = p.castTo(DataType.FLOAT);
		assertEquals(DataType.FLOAT, f.priors().dataType());
		assertEquals((float) p.priors().getDouble(1, 1), f.priors().getDouble(1, 1), 0);
	}

	@Test
	void badParametersAreRejectedWithClearMessages() {
		McgsmParams p = Golden.params(DataType.DOUBLE);
		String m = assertThrows(IllegalArgumentException.class, () -> p.set("priors", Nd4j.zeros(2, 2))).getMessage();
		assertTrue(m.contains("[3 x 2]") && m.contains("[2 x 2]"), m);
		m = assertThrows(IllegalArgumentException.class, () -> p.set("nonsense", Nd4j.zeros(2, 2))).getMessage();
		assertTrue(m.contains("nonsense") && m.contains("cholesky_factors"), m);
		INDArray upper = Nd4j.zeros(DataType.DOUBLE, 3, 2, 2).addi(1);
		m = assertThrows(IllegalArgumentException.class, () -> p.set("cholesky_factors", upper)).getMessage();
		assertTrue(m.contains("lower-triangular"), m);
		m = assertThrows(IllegalArgumentException.class, () -> p.setFromVector(new double[5], TrainFlags.ALL))
			.getMessage();
		assertTrue(m.contains("5") && m.contains("101"), m);
		m = assertThrows(IllegalArgumentException.class, () -> new McgsmConfig(5, 0, 3, 2, 4)).getMessage();
		assertTrue(m.contains("dimOut is 0"), m);
		m = assertThrows(IllegalArgumentException.class, () -> new McgsmParams(new McgsmConfig(2, 1, 1, 1, 1),
			DataType.INT)).getMessage();
		assertTrue(m.contains("FLOAT or DOUBLE"), m);
	}
}
