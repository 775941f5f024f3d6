package org.ride.core.mcgsm;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The MCGSM maths against the golden vectors of spec §13.1, computed with the original cmt C++ code. */
class McgsmTest {

	/** The spec's own re-implementation matched cmt to 5e-13; the printed digits limit us to ~1e-11. */
	private static final double GOLDEN_TOL = 1e-9;
	/** FLOAT keeps ~7 digits; the golden values are O(1). */
	private static final double FLOAT_TOL = 2e-4;

	@Test
	void logLikelihoodMatchesGolden() {
		Mcgsm m = new Mcgsm(Golden.params(DataType.DOUBLE));
		INDArray lp = m.logLikelihood(Golden.x(DataType.DOUBLE), Golden.y(DataType.DOUBLE));
		assertArrayEquals(new long[] { 1, Golden.N }, lp.shape());
		assertArrayEquals(Golden.LOGP, lp.toDoubleVector(), GOLDEN_TOL);
	}

	@Test
	void exactMathReachesTheThreadEvaluatorsAndMatchesGolden() {
		Mcgsm m = new Mcgsm(Golden.params(DataType.FLOAT));
		m.setExactMath(true);
		for (Mcgsm e : m.threadEvaluators(2)) {
			assertTrue(e.exactMath(), "a band thread's evaluator must use the model's exact-math setting");
			assertArrayEquals(Golden.LOGP, e.logLikelihood(Golden.x(DataType.FLOAT), Golden.y(DataType.FLOAT))
				.toDoubleVector(), FLOAT_TOL);
		}
		m.setExactMath(false);
		for (Mcgsm e : m.threadEvaluators(2)) assertFalse(e.exactMath());
	}

	@Test
	void dataGradientMatchesGolden() {
		Mcgsm m = new Mcgsm(Golden.params(DataType.DOUBLE));
		McgsmResult r = m.dataGradient(Golden.x(DataType.DOUBLE), Golden.y(DataType.DOUBLE));
		assertArrayEquals(Golden.DX, Derived.rowMajor(r.gradX()), GOLDEN_TOL);
		assertArrayEquals(Golden.DY, Derived.rowMajor(r.gradY()), GOLDEN_TOL);
		assertArrayEquals(Golden.LOGP, r.logLikelihood().toDoubleVector(), GOLDEN_TOL);
	}

	@Test
	void parameterGradientMatchesGoldenBlockByBlock() {
		Mcgsm m = new Mcgsm(Golden.params(DataType.DOUBLE));
		assertEquals(101, m.params().numParameters(TrainFlags.ALL));
		McgsmResult r = m.parameterGradient(Golden.x(DataType.DOUBLE), Golden.y(DataType.DOUBLE), TrainFlags.ALL);
		assertEquals(Golden.J, r.objective(), GOLDEN_TOL);
		assertEquals(101, r.gradient().length);
		int at = 0;
		for (int b = 0; b < Golden.GRAD.length; b++) {
			double[] expected = Golden.GRAD[b];
			double[] got = java.util.Arrays.copyOfRange(r.gradient(), at, at + expected.length);
			assertArrayEquals(expected, got, GOLDEN_TOL, "gradient block " + Golden.BLOCKS[b]);
			at += expected.length;
		}
	}

	@Test
	void combinedPassEqualsSeparateCallsAndChunkingChangesNothing() {
		Mcgsm m = new Mcgsm(Golden.params(DataType.DOUBLE));
		m.setChunkColumns(4); // 6 samples → chunks of 4 and 2
		INDArray x = Golden.x(DataType.DOUBLE), y = Golden.y(DataType.DOUBLE);
		McgsmResult r = m.evaluate(x, y, true, TrainFlags.ALL);
		assertArrayEquals(Golden.LOGP, r.logLikelihood().toDoubleVector(), GOLDEN_TOL);
		assertArrayEquals(Golden.DX, Derived.rowMajor(r.gradX()), GOLDEN_TOL);
		assertArrayEquals(Golden.DY, Derived.rowMajor(r.gradY()), GOLDEN_TOL);
		assertEquals(Golden.J, r.objective(), GOLDEN_TOL);
		assertArrayEquals(Golden.gradient(), r.gradient(), GOLDEN_TOL);
	}

	@Test
	void inputOrderDoesNotMatter() {
		Mcgsm m = new Mcgsm(Golden.params(DataType.DOUBLE));
		McgsmResult r = m.evaluate(Golden.x(DataType.DOUBLE).dup('f'), Golden.y(DataType.DOUBLE).dup('f'), true,
			TrainFlags.ALL);
		assertArrayEquals(Golden.DX, Derived.rowMajor(r.gradX()), GOLDEN_TOL);
		assertArrayEquals(Golden.gradient(), r.gradient(), GOLDEN_TOL);
	}

	@Test
	void floatModelAgreesWithGolden() {
		Mcgsm m = new Mcgsm(Golden.params(DataType.FLOAT));
		McgsmResult r = m.evaluate(Golden.x(DataType.FLOAT), Golden.y(DataType.FLOAT), true, TrainFlags.ALL);
		assertEquals(DataType.FLOAT, r.logLikelihood().dataType());
		assertEquals(DataType.FLOAT, r.gradX().dataType());
		assertArrayEquals(Golden.LOGP, r.logLikelihood().toDoubleVector(), FLOAT_TOL);
		assertArrayEquals(Golden.DX, Derived.rowMajor(r.gradX()), FLOAT_TOL);
		assertArrayEquals(Golden.gradient(), r.gradient(), FLOAT_TOL);
	}

	@Test
	void objectiveAdapterGivesGoldenValueAndGradient() {
		Mcgsm m = new Mcgsm(Golden.params(DataType.DOUBLE));
		McgsmObjective obj = new McgsmObjective(m, Golden.x(DataType.DOUBLE), Golden.y(DataType.DOUBLE), TrainFlags.ALL);
		double[] theta = obj.start(), grad = new double[obj.dimension()];
		assertEquals(Golden.J, obj.valueAndGradient(theta, grad), GOLDEN_TOL);
		assertArrayEquals(Golden.gradient(), grad, GOLDEN_TOL);
		theta[0] += 0.1; // θ is written into the model
		obj.value(theta);
		assertEquals(0.5 * Golden.dv(1, 0, 0) + 0.1, m.params().priors().getDouble(0, 0), 1e-15);
	}
}
