package org.ride.core.whitening;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.nd.Blas;
import org.ride.core.nd.NdInit;
import org.ride.core.nd.Shapes;

/**
 * Conditional whitening of (neighbourhood, pixel) pairs, cmt's {@code WhiteningPreconditioner} (spec §4).
 * <p>
 * Fit (§4.1), with the <em>biased</em> joint covariance of {@code [x; y]}:
 * <pre>
 *   P_in  = C_xx^{−1/2}                 (symmetric/ZCA: V diag(λ^{−1/2}) Vᵀ)
 *   W     = C_yx P_in                   [d_out × d_in]
 *   P_out = (C_yy − W Wᵀ)^{−1/2}        (symmetric)
 *   logJ  = log|det P_out| = −½ log det(C_yy − W Wᵀ)
 * </pre>
 * Maps (§4.2), on data matrices with one sample per column, {@code [dim, N]}:
 * <pre>
 *   x̃ = P_in (x − μ_x)                 x = P_in⁻¹ x̃ + μ_x
 *   ỹ = P_out (y − μ_y − W x̃)          y = P_out⁻¹ ỹ + W x̃ + μ_y
 *   g_x = P_inᵀ g_x̃ − (P_out W P_in)ᵀ g_ỹ,   g_y = P_outᵀ g_ỹ
 * </pre>
 * Only the output transform has a Jacobian ({@link #logJacobian()}, a constant per sample): the model is a
 * conditional density of y given x (pitfall 8). Fit once and freeze (pitfall 9).
 * <p>
 * Immutable. The statistics are stored in double; each map computes in the dtype of its input arrays (any
 * order, views allowed) with a few batched GEMMs and returns a new {@code [dim, N]} array in <b>'f' order</b>,
 * so {@code .transpose()} is the {@code [N, dim]} 'c'-order view the spatial LSTM reads. The {@code out}
 * overloads write into a caller-owned {@code [dim, N]} array of the same dtype ('f' order is fastest).
 * Thread-safe. NB: the GEMMs are {@link Blas#gemm} (one direct OpenBLAS call each, ND4J's fallback for any other
 * layout) rather than {@code Nd4j.gemm}, whose op building costs 10–100 µs per call on the training-step path.
 */
public final class Whitening {

	/** Default cap on the number of (neighbourhood, pixel) pairs used by the fit (spec §4.1). */
	public static final int DEFAULT_MAX_SAMPLES = 500_000;

	/**
	 * A covariance whose smallest eigenvalue is at most this fraction of its largest counts as singular and is
	 * rejected (the original has no floor and produces NaN/Inf instead, §4.3). Float32 rounding of exactly
	 * dependent data leaves ratios around 1e−14; 8-bit quantisation noise on real images stays far above.
	 */
	public static final double MIN_RELATIVE_EIGENVALUE = 1e-12;

	private final double[] meanIn, meanOut; // μ_x [d_in], μ_y [d_out]
	private final double[][] pIn, pInInv; // [d_in × d_in]
	private final double[][] pOut, pOutInv; // [d_out × d_out]
	private final double[][] w; // [d_out × d_in]
	private final double logJ;
	private final Map<DataType, Mats> mats = new ConcurrentHashMap<>();

	/**
	 * Rebuilds a preconditioner from stored statistics (e.g. a model file); the arrays are copied.
	 * @throws IllegalArgumentException on inconsistent sizes or non-finite entries
	 */
	public Whitening(double[] meanIn, double[] meanOut, double[][] pIn, double[][] pInInv, double[][] pOut,
		double[][] pOutInv, double[][] w, double logJacobian) {
		int dIn = check(meanIn, "meanIn"), dOut = check(meanOut, "meanOut");
		this.meanIn = meanIn.clone();
		this.meanOut = meanOut.clone();
		this.pIn = check(pIn, "P_in", dIn, dIn);
		this.pInInv = check(pInInv, "P_in^-1", dIn, dIn);
		this.pOut = check(pOut, "P_out", dOut, dOut);
		this.pOutInv = check(pOutInv, "P_out^-1", dOut, dOut);
		this.w = check(w, "W", dOut, dIn);
		if (!Double.isFinite(logJacobian))
			throw new IllegalArgumentException("whitening logJacobian is " + logJacobian + "; it must be finite");
		this.logJ = logJacobian;
	}

	// -- fitting --

	/** Fits on all N columns of x [d_in, N] and y [d_out, N] (any floating dtype, any order or view). */
	public static Whitening fit(INDArray x, INDArray y) {
		NdInit.ensure();
		return WhiteningFit.fit(x, y, Integer.MAX_VALUE, null);
	}

	/**
	 * Fits on a random subset of at most {@code maxSamples} columns, drawn without replacement from
	 * {@code random} ({@link #DEFAULT_MAX_SAMPLES} in RIDE); all columns are used when N ≤ maxSamples.
	 */
	public static Whitening fit(INDArray x, INDArray y, int maxSamples, Random random) {
		NdInit.ensure();
		return WhiteningFit.fit(x, y, maxSamples, random);
	}

	// -- maps --

	/** x̃ = P_in (x − μ_x): x [d_in, N] → x̃ [d_in, N]. */
	public INDArray whitenInput(INDArray x) {
		return whitenInput(x, null);
	}

	/** As {@link #whitenInput(INDArray)}, into {@code out} [d_in, N] (allocated 'f' if null); returns out. */
	public INDArray whitenInput(INDArray x, INDArray out) {
		Mats m = mats(x, "x", dimIn());
		out = output(out, x, dimIn(), "x̃ out");
		Blas.gemm(m.pIn, x, out, false, false, 1.0, 0.0);
		return out.subiColumnVector(m.pInMuX);
	}

	/** ỹ = P_out (y − μ_y − W x̃): x̃ [d_in, N], y [d_out, N] → ỹ [d_out, N]. */
	public INDArray whitenOutput(INDArray xWhite, INDArray y) {
		return whitenOutput(xWhite, y, null);
	}

	/** As {@link #whitenOutput(INDArray, INDArray)}, into {@code out} [d_out, N]; returns out. */
	public INDArray whitenOutput(INDArray xWhite, INDArray y, INDArray out) {
		Mats m = mats(xWhite, "x̃", dimIn());
		pair(xWhite, y, "x̃", "y");
		out = output(out, y, dimOut(), "ỹ out");
		// P_out y − (P_out W) x̃ − P_out μ_y
		Blas.gemm(m.pOut, y, out, false, false, 1.0, 0.0);
		Blas.gemm(m.pOutW, xWhite, out, false, false, -1.0, 1.0);
		return out.subiColumnVector(m.pOutMuY);
	}

	/** Both forward maps: (x, y) → (x̃, ỹ). */
	public Pair forward(INDArray x, INDArray y) {
		INDArray xw = whitenInput(x);
		return new Pair(xw, whitenOutput(xw, y));
	}

	/** x = P_in⁻¹ x̃ + μ_x: x̃ [d_in, N] → x [d_in, N]. */
	public INDArray unwhitenInput(INDArray xWhite) {
		Mats m = mats(xWhite, "x̃", dimIn());
		INDArray out = output(null, xWhite, dimIn(), "x out");
		Blas.gemm(m.pInInv, xWhite, out, false, false, 1.0, 0.0);
		return out.addiColumnVector(m.muX);
	}

	/** y = P_out⁻¹ ỹ + W x̃ + μ_y: x̃ [d_in, N], ỹ [d_out, N] → y [d_out, N] (sampling uses the same x̃). */
	public INDArray unwhitenOutput(INDArray xWhite, INDArray yWhite) {
		return unwhitenOutput(xWhite, yWhite, null);
	}

	/** As {@link #unwhitenOutput(INDArray, INDArray)}, into {@code out} [d_out, N]; returns out. */
	public INDArray unwhitenOutput(INDArray xWhite, INDArray yWhite, INDArray out) {
		Mats m = mats(xWhite, "x̃", dimIn());
		pair(xWhite, yWhite, "x̃", "ỹ");
		out = output(out, yWhite, dimOut(), "y out");
		Blas.gemm(m.pOutInv, yWhite, out, false, false, 1.0, 0.0);
		Blas.gemm(m.w, xWhite, out, false, false, 1.0, 1.0);
		return out.addiColumnVector(m.muY);
	}

	/** Both inverse maps: (x̃, ỹ) → (x, y). */
	public Pair inverse(INDArray xWhite, INDArray yWhite) {
		return new Pair(unwhitenInput(xWhite), unwhitenOutput(xWhite, yWhite));
	}

	/**
	 * Chain rule through the forward maps: (g_x̃ [d_in, N], g_ỹ [d_out, N]) → (g_x, g_y) with
	 * {@code g_x = P_inᵀ g_x̃ − (P_out W P_in)ᵀ g_ỹ} and {@code g_y = P_outᵀ g_ỹ}.
	 */
	public Pair adjustGradient(INDArray gXWhite, INDArray gYWhite) {
		Mats m = mats(gXWhite, "g_x̃", dimIn());
		pair(gXWhite, gYWhite, "g_x̃", "g_ỹ");
		INDArray gx = output(null, gXWhite, dimIn(), "g_x");
		Blas.gemm(m.pIn, gXWhite, gx, true, false, 1.0, 0.0);
		Blas.gemm(m.pOutWPIn, gYWhite, gx, true, false, -1.0, 1.0);
		INDArray gy = output(null, gYWhite, dimOut(), "g_y");
		Blas.gemm(m.pOut, gYWhite, gy, true, false, 1.0, 0.0);
		return new Pair(gx, gy);
	}

	/** log|det P_out|, added to every pixel's log-likelihood in evaluation (not to the training loss). */
	public double logJacobian() {
		return logJ;
	}

	// -- statistics (copies) --

	public int dimIn() {
		return meanIn.length;
	}

	public int dimOut() {
		return meanOut.length;
	}

	/** μ_x [d_in]. */
	public double[] meanIn() {
		return meanIn.clone();
	}

	/** μ_y [d_out]. */
	public double[] meanOut() {
		return meanOut.clone();
	}

	/** P_in = C_xx^{−1/2} [d_in × d_in], row-major {@code [row][col]}. */
	public double[][] pIn() {
		return SymLinalg.copy(pIn);
	}

	/** P_in⁻¹ = C_xx^{1/2} [d_in × d_in]. */
	public double[][] pInInv() {
		return SymLinalg.copy(pInInv);
	}

	/** P_out = (C_yy − W Wᵀ)^{−1/2} [d_out × d_out]. */
	public double[][] pOut() {
		return SymLinalg.copy(pOut);
	}

	/** P_out⁻¹ [d_out × d_out]. */
	public double[][] pOutInv() {
		return SymLinalg.copy(pOutInv);
	}

	/** W = C_yx P_in [d_out × d_in]. */
	public double[][] w() {
		return SymLinalg.copy(w);
	}

	/** Two arrays travelling together: (x, y), (x̃, ỹ) or (g_x, g_y). */
	public record Pair(INDArray x, INDArray y) {}

	// -- internals --

	/** The statistics as ND4J arrays in one dtype, with the products the maps need precomputed in double. */
	private static final class Mats {
		final INDArray pIn, pInInv, pOut, pOutInv, w, pOutW, pOutWPIn; // matrices
		final INDArray muX, muY, pInMuX, pOutMuY; // [d, 1] columns

		Mats(Whitening s, DataType t) {
			double[][] pOutW = SymLinalg.mul(s.pOut, s.w);
			pIn = m(s.pIn, t);
			pInInv = m(s.pInInv, t);
			pOut = m(s.pOut, t);
			pOutInv = m(s.pOutInv, t);
			w = m(s.w, t);
			this.pOutW = m(pOutW, t);
			pOutWPIn = m(SymLinalg.mul(pOutW, s.pIn), t);
			muX = col(s.meanIn, t);
			muY = col(s.meanOut, t);
			pInMuX = col(SymLinalg.mul(s.pIn, s.meanIn), t);
			pOutMuY = col(SymLinalg.mul(s.pOut, s.meanOut), t);
		}

		private static INDArray m(double[][] a, DataType t) {
			return Nd4j.create(a).castTo(t);
		}

		private static INDArray col(double[] v, DataType t) {
			return Nd4j.create(v, new long[] { v.length, 1 }, DataType.DOUBLE).castTo(t);
		}
	}

	private Mats mats(INDArray a, String name, int rows) {
		NdInit.ensure();
		Shapes.require(a, name, rows, Shapes.ANY);
		DataType t = a.dataType();
		if (!t.isFPType()) throw new IllegalArgumentException(name + " has dtype " + t
			+ "; the whitening maps need FLOAT or DOUBLE data");
		return mats.computeIfAbsent(t, dt -> new Mats(this, dt));
	}

	/** b must be [d_out, N] with a's N and dtype. */
	private void pair(INDArray a, INDArray b, String nameA, String nameB) {
		Shapes.require(b, nameB, dimOut(), Shapes.ANY);
		Shapes.requireSameCount("sample count (columns)", a.columns(), nameA + " " + Shapes.text(a), b.columns(),
			nameB + " " + Shapes.text(b));
		if (a.dataType() != b.dataType()) throw new IllegalArgumentException(nameA + " is " + a.dataType() + " but "
			+ nameB + " is " + b.dataType() + "; pass both in the same dtype");
	}

	private static INDArray output(INDArray out, INDArray like, int rows, String name) {
		if (out == null) return Nd4j.createUninitialized(like.dataType(), new long[] { rows, like.columns() }, 'f');
		Shapes.require(out, name, rows, like.columns());
		if (out.dataType() != like.dataType()) throw new IllegalArgumentException(name + " is " + out.dataType()
			+ " but the input is " + like.dataType() + "; pass an output of the input's dtype");
		return out;
	}

	private static int check(double[] v, String name) {
		if (v == null || v.length == 0) throw new IllegalArgumentException("whitening " + name + " is missing or empty");
		for (double e : v) if (!Double.isFinite(e))
			throw new IllegalArgumentException("whitening " + name + " contains " + e + "; it must be finite");
		return v.length;
	}

	private static double[][] check(double[][] a, String name, int rows, int cols) {
		if (a == null || a.length != rows) throw new IllegalArgumentException("whitening " + name + " must have "
			+ rows + " rows but has " + (a == null ? "none" : a.length));
		double[][] r = new double[rows][];
		for (int i = 0; i < rows; i++) {
			if (a[i] == null || a[i].length != cols) throw new IllegalArgumentException("whitening " + name
				+ " must be " + Shapes.text(rows, cols) + " but row " + i + " has "
				+ (a[i] == null ? "no" : a[i].length) + " entries");
			check(a[i], name);
			r[i] = a[i].clone();
		}
		return r;
	}
}
