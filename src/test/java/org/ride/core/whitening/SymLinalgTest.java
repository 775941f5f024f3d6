package org.ride.core.whitening;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Jacobi eigendecomposition at the largest size RIDE needs (nb 9, 3 channels: d_in = 120). */
class SymLinalgTest {

	private static final double TOL = 1e-9;

	@Test
	void reconstructsAndIsOrthogonalAndPowersInvert() {
		int n = 120;
		Random r = new Random(4);
		double[][] b = new double[n][n + 20];
		for (double[] row : b)
			for (int k = 0; k < row.length; k++) row[k] = r.nextGaussian();
		double[][] s = SymLinalg.mulTransB(b, b); // symmetric positive definite
		SymLinalg.Eigen e = SymLinalg.eigSym(s);
		double[][] v = e.vectors;
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) {
				double rec = 0, orth = 0;
				for (int k = 0; k < n; k++) {
					rec += v[i][k] * e.values[k] * v[j][k];
					orth += v[k][i] * v[k][j];
				}
				assertEquals(s[i][j], rec, TOL * 100, "V Λ Vᵀ (" + i + "," + j + ")");
				assertEquals(i == j ? 1 : 0, orth, TOL, "Vᵀ V (" + i + "," + j + ")");
			}
		// (S^{-1/2})² S = I
		double[][] p = e.power(-0.5);
		double[][] id = SymLinalg.mul(SymLinalg.mul(p, p), s);
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) assertEquals(i == j ? 1 : 0, id[i][j], TOL, "P P S (" + i + "," + j + ")");
	}
}
