package org.ride.core.whitening;

import java.util.Arrays;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ride.core.nd.Shapes;

/**
 * The fitting half of {@link Whitening} (spec §4.1): reads the data into double rows, forms the joint biased
 * covariance and the ZCA inverse square roots, and rejects degenerate data with a message that names the fix.
 */
final class WhiteningFit {

	private WhiteningFit() {}

	static Whitening fit(INDArray x, INDArray y, int maxSamples, Random random) {
		requireData(x, y);
		if (maxSamples < 2) throw new IllegalArgumentException("maxSamples is " + maxSamples
			+ " but the whitening fit needs at least 2 samples; pass a larger maxSamples (default "
			+ Whitening.DEFAULT_MAX_SAMPLES + ")");
		int n = (int) x.columns();
		int[] cols = n <= maxSamples ? null : subset(n, maxSamples, random);
		double[][] rx = rows(x, "x", cols);
		double[][] ry = rows(y, "y", cols);
		return fromRows(rx, ry);
	}

	private static void requireData(INDArray x, INDArray y) {
		if (x == null || y == null) throw new IllegalArgumentException("whitening fit needs both x [d_in x N] and "
			+ "y [d_out x N]; got " + (x == null ? "x=null" : "") + (y == null ? " y=null" : ""));
		if (x.rank() != 2 || y.rank() != 2) throw new IllegalArgumentException("whitening fit needs matrices "
			+ "x [d_in x N] and y [d_out x N] (one sample per column) but got x " + Shapes.text(x) + " and y "
			+ Shapes.text(y));
		if (x.columns() != y.columns()) throw new IllegalArgumentException("whitening fit: x " + Shapes.text(x)
			+ " and y " + Shapes.text(y) + " have different sample counts N (columns); pass one column per "
			+ "(neighbourhood, pixel) pair in both");
		if (x.rows() < 1 || y.rows() < 1) throw new IllegalArgumentException("whitening fit needs d_in ≥ 1 and "
			+ "d_out ≥ 1 but got x " + Shapes.text(x) + " and y " + Shapes.text(y));
		if (x.columns() < 2) throw new IllegalArgumentException("whitening fit needs at least 2 samples (columns) "
			+ "but got x " + Shapes.text(x) + "; use a larger image or more patches");
		if (!x.dataType().isFPType() || !y.dataType().isFPType()) throw new IllegalArgumentException(
			"whitening fit needs floating-point data but got x " + x.dataType() + ", y " + y.dataType());
	}

	/** A sorted random subset of {@code k} of {@code n} column indices (partial Fisher–Yates). */
	static int[] subset(int n, int k, Random random) {
		if (random == null) throw new IllegalArgumentException("the whitening fit needs a Random to draw " + k
			+ " of " + n + " samples; pass a seeded java.util.Random");
		int[] idx = new int[n];
		for (int i = 0; i < n; i++) idx[i] = i;
		for (int i = 0; i < k; i++) {
			int j = i + random.nextInt(n - i);
			int t = idx[i];
			idx[i] = idx[j];
			idx[j] = t;
		}
		int[] r = Arrays.copyOf(idx, k);
		Arrays.sort(r); // the covariance does not depend on the order; sorted reads are cache-friendly
		return r;
	}

	/**
	 * Rows of {@code a} as doubles, restricted to {@code cols} (null = all), checked for NaN/Inf.
	 * NB: one same-order copy into a Java array, then index arithmetic: ND4J's strided per-row reads of a
	 * transposed [N, d] array cost 20–50 ms per row at N = 260k, ten times the whole copy.
	 */
	private static double[][] rows(INDArray a, String name, int[] cols) {
		if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) a = a.castTo(DataType.DOUBLE);
		char order = a.ordering();
		INDArray compact = a.isView() || a.offset() != 0 || a.data().length() != a.length() ? a.dup(order) : a;
		int d = (int) a.rows(), n = (int) a.columns(), m = cols == null ? n : cols.length;
		boolean f32 = a.dataType() == DataType.FLOAT;
		float[] vf = f32 ? compact.data().asFloat() : null;
		double[] vd = f32 ? null : compact.data().asDouble();
		// element (i, k) of the compact [d, N] array
		int si = order == 'c' ? n : 1, sk = order == 'c' ? 1 : d;
		double[][] r = new double[d][m];
		for (int k = 0; k < m; k++) {
			int col = cols == null ? k : cols[k];
			for (int i = 0; i < d; i++) {
				int idx = i * si + col * sk;
				double v = f32 ? vf[idx] : vd[idx];
				if (!Double.isFinite(v)) throw new IllegalArgumentException(name + " contains " + v + " at [" + i
					+ ", " + col + "] of " + Shapes.text(a) + "; the whitening fit needs finite data: remove or "
					+ "replace NaN/Inf pixels before training");
				r[i][k] = v;
			}
		}
		return r;
	}

	/** The fit proper, on double rows (x: d_in × N, y: d_out × N). Package-visible for tests. */
	static Whitening fromRows(double[][] x, double[][] y) {
		int dIn = x.length, dOut = y.length, d = dIn + dOut, n = x[0].length;
		double[][] z = new double[d][];
		double[] mean = new double[d];
		for (int a = 0; a < d; a++) {
			double[] src = a < dIn ? x[a] : y[a - dIn];
			z[a] = src.clone();
			double s = 0;
			for (int k = 0; k < n; k++) s += src[k];
			mean[a] = s / n;
			double m = mean[a];
			double[] za = z[a];
			for (int k = 0; k < n; k++) za[k] -= m;
		}
		// biased joint covariance (divide by N, spec §4.1 step 2)
		double[][] cov = new double[d][d];
		for (int a = 0; a < d; a++)
			for (int b = 0; b <= a; b++) {
				double s = 0;
				double[] za = z[a], zb = z[b];
				for (int k = 0; k < n; k++) s += za[k] * zb[k];
				cov[a][b] = s / n;
				cov[b][a] = s / n;
			}
		return fromCovariance(cov, dIn, Arrays.copyOf(mean, dIn), Arrays.copyOfRange(mean, dIn, d));
	}

	private static Whitening fromCovariance(double[][] cov, int dIn, double[] muX, double[] muY) {
		int dOut = cov.length - dIn;
		double[][] cxx = new double[dIn][dIn], cyx = new double[dOut][dIn], cyy = new double[dOut][dOut];
		for (int i = 0; i < dIn; i++) System.arraycopy(cov[i], 0, cxx[i], 0, dIn);
		for (int i = 0; i < dOut; i++) {
			System.arraycopy(cov[dIn + i], 0, cyx[i], 0, dIn);
			System.arraycopy(cov[dIn + i], dIn, cyy[i], 0, dOut);
		}
		SymLinalg.Eigen ex = SymLinalg.eigSym(cxx);
		requireInputVariation(ex, cxx);
		double[][] pIn = ex.power(-0.5);
		double[][] w = SymLinalg.mul(cyx, pIn);
		double[][] ww = SymLinalg.mulTransB(w, w);
		double[][] res = new double[dOut][dOut];
		for (int i = 0; i < dOut; i++)
			for (int j = 0; j < dOut; j++) res[i][j] = cyy[i][j] - ww[i][j];
		SymLinalg.Eigen er = SymLinalg.eigSym(res);
		requireResidualVariation(er, SymLinalg.eigSym(cyy).max());
		// logJ = log|det P_out| = −½ Σ log λ(C_yy − W Wᵀ)
		double logJ = 0;
		for (double l : er.values) logJ -= 0.5 * Math.log(l);
		return new Whitening(muX, muY, pIn, ex.power(0.5), er.power(-0.5), er.power(0.5), w, logJ);
	}

	private static void requireInputVariation(SymLinalg.Eigen e, double[][] cxx) {
		double max = e.max(), min = e.min();
		if (!(max > 0)) throw new IllegalArgumentException("the training data has no variation: every "
			+ "neighbourhood pixel is constant (covariance of the " + cxx.length + " inputs is zero); use an image "
			+ "with texture and check that it is not constant (e.g. blank or saturated)");
		if (min <= Whitening.MIN_RELATIVE_EIGENVALUE * max) throw new IllegalArgumentException(String.format(
			"the training data has (almost) no variation in some direction of the %d-pixel neighbourhood: the "
				+ "input covariance is singular (smallest/largest eigenvalue = %.3g, must exceed %.0g); this "
				+ "happens with constant or padded regions, a constant channel, or too few distinct values; use an "
				+ "image with texture (not constant, not a pure linear ramp) or more/larger patches",
			cxx.length, min / max, Whitening.MIN_RELATIVE_EIGENVALUE));
	}

	private static void requireResidualVariation(SymLinalg.Eigen e, double cyyMax) {
		if (!(cyyMax > 0)) throw new IllegalArgumentException("the training data has no variation: the "
			+ "predicted pixel is constant (output covariance is zero); use an image with texture and check that "
			+ "it is not constant");
		double min = e.min();
		if (min <= Whitening.MIN_RELATIVE_EIGENVALUE * cyyMax) throw new IllegalArgumentException(String.format(
			"the training data has (almost) no unpredictable variation: each pixel is an exact linear function of "
				+ "its causal neighbourhood (residual/output variance ratio = %.3g, must exceed %.0g), as in a "
				+ "noise-free ramp or a constant image; use an image with texture or noise",
			min / cyyMax, Whitening.MIN_RELATIVE_EIGENVALUE));
	}
}
