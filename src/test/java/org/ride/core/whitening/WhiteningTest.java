package org.ride.core.whitening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.ride.core.nd.NdInit;

/** Spec §13.2 golden values and the algebraic properties of §4 (inverse, identity covariance, logJ). */
class WhiteningTest {

	private static final double GOLDEN_TOL = 1e-9;
	private static final double ALGEBRA_TOL = 1e-10;
	private static final double FLOAT_TOL = 1e-4;

	static {
		NdInit.ensure();
	}

	/** Spec §13 generator. */
	static double dv(double a, double b, double c) {
		double t = Math.sin(1 + 12.9898 * a + 78.233 * b + 37.719 * c) * 43758.5453;
		return 2 * (t - Math.floor(t)) - 1;
	}

	static double[][] goldenX() {
		double[][] x = new double[3][50];
		for (int i = 0; i < 3; i++)
			for (int n = 0; n < 50; n++) x[i][n] = dv(30, i, n) + 0.5 * dv(31, 0, n);
		return x;
	}

	static double[][] goldenY(double[][] x) {
		double[][] y = new double[2][50];
		for (int d = 0; d < 2; d++)
			for (int n = 0; n < 50; n++) y[d][n] = 0.3 * dv(32, d, n) + 0.7 * x[d][n] + 0.2 * x[2][n];
		return y;
	}

	static INDArray nd(double[][] a) {
		return Nd4j.create(a); // 'c' order, DOUBLE
	}

	static void assertMatrix(double[][] expected, double[][] actual, double tol, String what) {
		assertEquals(expected.length, actual.length, what + " rows");
		for (int i = 0; i < expected.length; i++)
			for (int j = 0; j < expected[i].length; j++)
				assertEquals(expected[i][j], actual[i][j], tol, what + "[" + i + "][" + j + "]");
	}

	/** The first {@code cols} columns of a [d, N] array. */
	static double[][] firstColumns(INDArray a, int cols) {
		double[][] r = new double[(int) a.rows()][cols];
		for (int i = 0; i < r.length; i++)
			for (int j = 0; j < cols; j++) r[i][j] = a.getDouble(i, j);
		return r;
	}

	private static Whitening golden() {
		double[][] x = goldenX();
		return Whitening.fit(nd(x), nd(goldenY(x)));
	}

	@Test
	void fitMatchesGoldenStatistics() {
		Whitening wh = golden();
		assertMatrix(new double[][] { { 1.56674065914, 0.0514998585274, -0.146734278279 },
			{ 0.0514998585274, 1.79197201625, -0.349155886839 },
			{ -0.146734278279, -0.349155886839, 1.64206052521 } }, wh.pIn(), GOLDEN_TOL, "P_in");
		assertMatrix(new double[][] { { 6.20734958414, 0.0560112677688 }, { 0.0560112677688, 6.40568690194 } },
			wh.pOut(), GOLDEN_TOL, "P_out");
		assertMatrix(new double[][] { { 0.442879857944, -0.00633453908481, 0.180407667755 },
			{ 0.0228966818587, 0.417990153856, 0.243927513599 } }, wh.w(), GOLDEN_TOL, "W");
		assertEquals(3.68284127758, wh.logJacobian(), GOLDEN_TOL, "logJ");
	}

	@Test
	void fitReadsViewsOfEitherOrder() {
		double[][] x = goldenX(), y = goldenY(x);
		// [d, N] 'f' view of an [N, d] 'c' array (what Neighbourhoods.inputs().transpose() gives)
		INDArray xf = nd(x).transpose().dup('c').transpose();
		// a column window with an offset into a wider array
		INDArray yv = Nd4j.hstack(Nd4j.ones(DataType.DOUBLE, 2, 5), nd(y)).get(NDArrayIndex.all(), NDArrayIndex.interval(5, 55));
		assertEquals('f', xf.ordering());
		assertTrue(yv.isView());
		Whitening wh = Whitening.fit(xf, yv);
		assertEquals(3.68284127758, wh.logJacobian(), GOLDEN_TOL);
		assertMatrix(golden().pIn(), wh.pIn(), ALGEBRA_TOL, "P_in from views");
		assertMatrix(golden().w(), wh.w(), ALGEBRA_TOL, "W from views");
	}

	@Test
	void forwardMatchesGoldenColumns() {
		double[][] x = goldenX();
		Whitening.Pair t = golden().forward(nd(x), nd(goldenY(x)));
		assertMatrix(new double[][] { { 0.559224638101, 1.31099721145, -1.04740182875 },
			{ -0.33282048212, -0.712615058338, -1.68683968756 },
			{ 1.9790182558, 0.489115886765, -0.905296808899 } }, firstColumns(t.x(), 3), GOLDEN_TOL, "x̃");
		assertMatrix(new double[][] { { 1.22162580247, 1.8845229956, -0.572484094157 },
			{ 1.39870930858, -0.48122773436, -1.46421090878 } }, firstColumns(t.y(), 3), GOLDEN_TOL, "ỹ");
	}

	@Test
	void gradientAdjustmentMatchesGolden() {
		double[][] gx = new double[3][2], gy = new double[2][2];
		for (int n = 0; n < 2; n++) {
			for (int i = 0; i < 3; i++) gx[i][n] = dv(40, i, n);
			for (int d = 0; d < 2; d++) gy[d][n] = dv(41, d, n);
		}
		Whitening.Pair g = golden().adjustGradient(nd(gx), nd(gy));
		assertMatrix(new double[][] { { -0.27416949179, -2.0782811885 }, { 3.36075116681, 4.67575874934 },
			{ 0.231309774464, 1.42254841852 } }, firstColumns(g.x(), 2), GOLDEN_TOL, "g_x");
		assertMatrix(new double[][] { { 1.25450925242, 5.178721087 }, { -4.58755605918, -5.92004524711 } },
			firstColumns(g.y(), 2), GOLDEN_TOL, "g_y");
	}

	@Test
	void inverseUndoesForwardForAnyLayout() {
		double[][] x = goldenX(), y = goldenY(x);
		Whitening wh = golden();
		// [N, d] 'c' transposed is the [d, N] 'f' view the LSTM side produces
		INDArray xView = nd(x).transpose().dup('c').transpose();
		Whitening.Pair t = wh.forward(xView, nd(y).dup('f'));
		Whitening.Pair back = wh.inverse(t.x(), t.y());
		assertMatrix(x, back.x().toDoubleMatrix(), ALGEBRA_TOL, "x");
		assertMatrix(y, back.y().toDoubleMatrix(), ALGEBRA_TOL, "y");
		assertEquals('f', t.x().ordering());
	}

	@Test
	void outOverloadsWriteIntoCallerArraysOfEitherOrder() {
		double[][] x = goldenX(), y = goldenY(x);
		Whitening wh = golden();
		Whitening.Pair ref = wh.forward(nd(x), nd(y));
		INDArray xc = Nd4j.create(DataType.DOUBLE, new long[] { 3, 50 }, 'c');
		INDArray yc = Nd4j.create(DataType.DOUBLE, new long[] { 2, 50 }, 'c');
		assertTrue(xc == wh.whitenInput(nd(x), xc));
		assertTrue(yc == wh.whitenOutput(xc, nd(y), yc));
		assertMatrix(ref.x().toDoubleMatrix(), xc.toDoubleMatrix(), ALGEBRA_TOL, "x̃ into 'c'");
		assertMatrix(ref.y().toDoubleMatrix(), yc.toDoubleMatrix(), ALGEBRA_TOL, "ỹ into 'c'");
		INDArray yBack = Nd4j.create(DataType.DOUBLE, new long[] { 2, 50 }, 'f');
		wh.unwhitenOutput(ref.x(), ref.y(), yBack);
		assertMatrix(y, yBack.toDoubleMatrix(), ALGEBRA_TOL, "y into 'f'");
	}

	@Test
	void whitenedDataHasIdentityCovarianceAndZeroMean() {
		Random r = new Random(7);
		int n = 2000;
		double[][] x = new double[4][n], y = new double[2][n];
		for (int k = 0; k < n; k++) {
			double s = r.nextGaussian();
			for (int i = 0; i < 4; i++) x[i][k] = 3 + (i + 1) * r.nextGaussian() + 2 * s;
			y[0][k] = x[0][k] - 0.5 * x[3][k] + r.nextGaussian();
			y[1][k] = 0.2 * y[0][k] + 0.3 * x[1][k] + 0.1 * r.nextGaussian();
		}
		Whitening.Pair t = Whitening.fit(nd(x), nd(y)).forward(nd(x), nd(y));
		INDArray z = Nd4j.vstack(t.x(), t.y()); // [6, N]
		double[][] zz = z.toDoubleMatrix();
		for (int a = 0; a < 6; a++) {
			double m = 0;
			for (int k = 0; k < n; k++) m += zz[a][k];
			assertEquals(0, m / n, ALGEBRA_TOL, "mean of row " + a);
			for (int b = 0; b < 6; b++) {
				double c = 0;
				for (int k = 0; k < n; k++) c += zz[a][k] * zz[b][k];
				assertEquals(a == b ? 1 : 0, c / n, ALGEBRA_TOL, "cov[" + a + "][" + b + "]");
			}
		}
	}

	@Test
	void logJacobianIsMinusHalfLogDetOfResidualCovariance() {
		double[][] x = goldenX(), y = goldenY(x);
		Whitening wh = golden();
		double[][] cyy = new double[2][2], w = wh.w();
		double[] my = wh.meanOut();
		for (int a = 0; a < 2; a++)
			for (int b = 0; b < 2; b++) {
				double s = 0;
				for (int k = 0; k < 50; k++) s += (y[a][k] - my[a]) * (y[b][k] - my[b]);
				double ww = 0;
				for (int l = 0; l < 3; l++) ww += w[a][l] * w[b][l];
				cyy[a][b] = s / 50 - ww;
			}
		double det = cyy[0][0] * cyy[1][1] - cyy[0][1] * cyy[1][0];
		assertEquals(-0.5 * Math.log(det), wh.logJacobian(), ALGEBRA_TOL);
		// P_in⁻¹ P_in = I and P_out⁻¹ P_out = I
		assertMatrix(new double[][] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } },
			SymLinalg.mul(wh.pInInv(), wh.pIn()), ALGEBRA_TOL, "P_in^-1 P_in");
		assertMatrix(new double[][] { { 1, 0 }, { 0, 1 } }, SymLinalg.mul(wh.pOutInv(), wh.pOut()), ALGEBRA_TOL,
			"P_out^-1 P_out");
	}

	@Test
	void floatInputsGiveFloatOutputsCloseToDouble() {
		double[][] x = goldenX(), y = goldenY(x);
		Whitening wh = golden();
		Whitening.Pair d = wh.forward(nd(x), nd(y));
		Whitening.Pair f = wh.forward(nd(x).castTo(DataType.FLOAT), nd(y).castTo(DataType.FLOAT));
		assertEquals(DataType.FLOAT, f.x().dataType());
		assertEquals(DataType.FLOAT, f.y().dataType());
		assertMatrix(d.y().toDoubleMatrix(), f.y().toDoubleMatrix(), FLOAT_TOL, "ỹ float vs double");
	}

	@Test
	void constructorRoundTripsStatistics() {
		Whitening a = golden();
		Whitening b = new Whitening(a.meanIn(), a.meanOut(), a.pIn(), a.pInInv(), a.pOut(), a.pOutInv(), a.w(),
			a.logJacobian());
		double[][] x = goldenX();
		assertMatrix(a.whitenInput(nd(x)).toDoubleMatrix(), b.whitenInput(nd(x)).toDoubleMatrix(), 0, "x̃");
		assertThrows(IllegalArgumentException.class, () -> new Whitening(a.meanIn(), a.meanOut(), a.pOut(),
			a.pInInv(), a.pOut(), a.pOutInv(), a.w(), 0));
	}

	@Test
	void subsetFitUsesAllDataWhenSmallAndIsSeededWhenLarge() {
		double[][] x = goldenX(), y = goldenY(x);
		Whitening all = Whitening.fit(nd(x), nd(y), 500_000, new Random(1));
		assertEquals(3.68284127758, all.logJacobian(), GOLDEN_TOL);
		Whitening s1 = Whitening.fit(nd(x), nd(y), 30, new Random(1));
		Whitening s2 = Whitening.fit(nd(x), nd(y), 30, new Random(1));
		assertMatrix(s1.pIn(), s2.pIn(), 0, "same seed");
		// reference: fit the same 30 columns directly
		int[] cols = WhiteningFit.subset(50, 30, new Random(1));
		double[][] xs = new double[3][30], ys = new double[2][30];
		for (int k = 0; k < 30; k++) {
			for (int i = 0; i < 3; i++) xs[i][k] = x[i][cols[k]];
			for (int i = 0; i < 2; i++) ys[i][k] = y[i][cols[k]];
		}
		assertMatrix(Whitening.fit(nd(xs), nd(ys)).pOut(), s1.pOut(), ALGEBRA_TOL, "subset P_out");
	}
}
