package org.ride.core.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.mcgsm.Mcgsm;
import org.ride.core.mcgsm.McgsmConfig;

/** Mcgsm.sample with explicit noise is the same code path as sample(x, rng), and follows parameter changes. */
class ExplicitNoiseTest {

	private static final double TOL = 1e-12;

	@Test
	void explicitNoiseReproducesTheRngDrawsAndSeesParameterChanges() {
		Mcgsm m = new Mcgsm(new McgsmConfig(4, 2, 3, 2, 5), DataType.DOUBLE, new Random(1));
		int n = 7;
		INDArray x = Nd4j.rand(DataType.DOUBLE, 4, n).subi(0.5).muli(4);
		INDArray want = m.sample(x, new Random(9));
		Random r = new Random(9);
		double[][] z = new double[2][n];
		double[] u = new double[n];
		for (int c = 0; c < n; c++) {
			z[0][c] = r.nextGaussian(); // documented order: D normals, then one uniform, column by column
			z[1][c] = r.nextGaussian();
			u[c] = r.nextDouble();
		}
		INDArray zz = Nd4j.create(z);
		assertClose(want, m.sample(x, zz, u), "explicit vs rng");
		m.sample(x, zz, u); // the cached preparation must not go stale:
		INDArray a = m.params().predictors().muli(-2);
		m.params().set("predictors", a);
		Mcgsm fresh = new Mcgsm(m.params().copy());
		assertClose(fresh.sample(x, zz, u), m.sample(x, zz, u), "after changing the predictors");
	}

	private static void assertClose(INDArray want, INDArray got, String what) {
		assertEquals(want.rows(), got.rows());
		for (int r = 0; r < want.rows(); r++)
			for (int c = 0; c < want.columns(); c++) assertEquals(want.getDouble(r, c), got.getDouble(r, c), TOL, what);
	}
}
