package org.ride.core.whitening;

/**
 * Small dense double-precision linear algebra for the whitening fit (spec §4.1): the matrices are at most
 * a few hundred wide, so plain Java {@code double[][]} (row-major, {@code a[row][col]}) is exact enough and
 * avoids ND4J's eigen-solver quirks.
 * <p>
 * The symmetric eigendecomposition is the cyclic Jacobi method, which gives eigenvalues with high relative
 * accuracy, the property the ZCA inverse square root {@code V diag(λ^{-1/2}) Vᵀ} relies on.
 * Arguments are never modified.
 */
final class SymLinalg {

	/** Jacobi sweeps stop when the off-diagonal mass is below this fraction of the total (squared norms). */
	private static final double OFF_DIAGONAL_TOLERANCE = 1e-32;
	private static final int MAX_SWEEPS = 100;

	private SymLinalg() {}

	/** Eigendecomposition {@code S = V diag(λ) Vᵀ} of a symmetric matrix; columns of {@code vectors} are eigenvectors. */
	static final class Eigen {
		final double[] values;
		final double[][] vectors;

		Eigen(double[] values, double[][] vectors) {
			this.values = values;
			this.vectors = vectors;
		}

		double min() {
			double m = Double.POSITIVE_INFINITY;
			for (double v : values) m = Math.min(m, v);
			return m;
		}

		double max() {
			double m = Double.NEGATIVE_INFINITY;
			for (double v : values) m = Math.max(m, v);
			return m;
		}

		/** {@code V diag(λ^p) Vᵀ}; p = −½ is the ZCA whitening matrix, p = ½ its inverse. */
		double[][] power(double p) {
			int n = values.length;
			double[] f = new double[n];
			for (int k = 0; k < n; k++) f[k] = Math.pow(values[k], p);
			double[][] r = new double[n][n];
			for (int i = 0; i < n; i++)
				for (int j = 0; j <= i; j++) {
					double s = 0;
					for (int k = 0; k < n; k++) s += vectors[i][k] * f[k] * vectors[j][k];
					r[i][j] = s;
					r[j][i] = s;
				}
			return r;
		}
	}

	/** Cyclic Jacobi eigendecomposition of the symmetric part of {@code s} (n × n). */
	static Eigen eigSym(double[][] s) {
		int n = s.length;
		double[][] a = new double[n][n];
		double[][] v = new double[n][n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) a[i][j] = 0.5 * (s[i][j] + s[j][i]);
			v[i][i] = 1;
		}
		for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
			double off = 0, total = 0;
			for (int i = 0; i < n; i++)
				for (int j = 0; j < n; j++) {
					double q = a[i][j] * a[i][j];
					total += q;
					if (i != j) off += q;
				}
			if (off == 0 || off <= OFF_DIAGONAL_TOLERANCE * total) break;
			for (int p = 0; p < n - 1; p++)
				for (int q = p + 1; q < n; q++)
					rotate(a, v, p, q);
		}
		double[] lambda = new double[n];
		for (int i = 0; i < n; i++) lambda[i] = a[i][i];
		return new Eigen(lambda, v);
	}

	/** One Jacobi rotation A ← Jᵀ A J, V ← V J that zeroes a[p][q]. */
	private static void rotate(double[][] a, double[][] v, int p, int q) {
		double apq = a[p][q];
		if (apq == 0) return;
		double theta = (a[q][q] - a[p][p]) / (2 * apq);
		// smaller root of t² + 2θt − 1 = 0 (t = tan φ); the 1/(2θ) form avoids overflow of θ²
		double t = Math.abs(theta) > 1e150 ? 0.5 / theta
			: Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
		double c = 1 / Math.sqrt(t * t + 1), s = t * c;
		int n = a.length;
		for (int k = 0; k < n; k++) { // columns: A J
			double akp = a[k][p], akq = a[k][q];
			a[k][p] = c * akp - s * akq;
			a[k][q] = s * akp + c * akq;
		}
		for (int k = 0; k < n; k++) { // rows: Jᵀ (A J)
			double apk = a[p][k], aqk = a[q][k];
			a[p][k] = c * apk - s * aqk;
			a[q][k] = s * apk + c * aqk;
		}
		a[p][q] = 0;
		a[q][p] = 0;
		for (int k = 0; k < n; k++) {
			double vkp = v[k][p], vkq = v[k][q];
			v[k][p] = c * vkp - s * vkq;
			v[k][q] = s * vkp + c * vkq;
		}
	}

	/** a · b for (m × k)(k × n). */
	static double[][] mul(double[][] a, double[][] b) {
		int m = a.length, k = b.length, n = k == 0 ? 0 : b[0].length;
		double[][] r = new double[m][n];
		for (int i = 0; i < m; i++)
			for (int l = 0; l < k; l++) {
				double ail = a[i][l];
				double[] bl = b[l], ri = r[i];
				for (int j = 0; j < n; j++) ri[j] += ail * bl[j];
			}
		return r;
	}

	/** a · bᵀ for (m × k)(n × k). */
	static double[][] mulTransB(double[][] a, double[][] b) {
		int m = a.length, n = b.length;
		double[][] r = new double[m][n];
		for (int i = 0; i < m; i++)
			for (int j = 0; j < n; j++) {
				double s = 0;
				for (int l = 0; l < a[i].length; l++) s += a[i][l] * b[j][l];
				r[i][j] = s;
			}
		return r;
	}

	/** a · v for (m × k)(k). */
	static double[] mul(double[][] a, double[] v) {
		double[] r = new double[a.length];
		for (int i = 0; i < a.length; i++) {
			double s = 0;
			for (int l = 0; l < v.length; l++) s += a[i][l] * v[l];
			r[i] = s;
		}
		return r;
	}

	static double[][] copy(double[][] a) {
		double[][] r = new double[a.length][];
		for (int i = 0; i < a.length; i++) r[i] = a[i].clone();
		return r;
	}
}
