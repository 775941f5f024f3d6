package org.ride.core.nd;

import java.lang.ref.Reference;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code Nd4j.gemm(a, b, c, transA, transB, alpha, beta)}, i.e. c = α·op(a)·op(b) + β·c, as one direct call of
 * the OpenBLAS that ND4J itself uses (org.bytedeco:openblas, which nd4j-native brings), on the arrays' memory.
 * <p>
 * NB: why. An ND4J GEMM call builds a custom op, its shape descriptors and native argument arrays: 10–15 µs on a
 * quiet machine and 80–100 µs under load, measured against 1–13 µs for this call (GemmProbe in BENCHMARKS.md),
 * with bit-identical results (same kernels). The wavefronts make thousands of small GEMM calls per image, so
 * that overhead was 10–15 % of maps, training steps and sampling.
 * <p>
 * Any 2-D operand whose elements are column-major (stride(0) = 1) or row-major (stride(1) = 1) with a leading
 * dimension, at any offset, is passed as is (row-major ones as the transpose of a column-major matrix, c too);
 * anything else, mixed dtypes or non-float types go through {@code Nd4j.gemm}. Thread-safe (no state); a
 * prepared call may run on any thread, one at a time per output.
 */
public final class Blas {

	private Blas() {}

	/** @return c */
	public static INDArray gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha,
		double beta) {
		prepare(a, b, c, transA, transB, alpha, beta).run();
		return c;
	}

	/**
	 * The call {@link #gemm} makes, resolved once: shapes checked, layouts and memory addresses taken. A wavefront
	 * makes the same GEMM on the same buffers for every band and image; resolving it each time (strides, shapes and
	 * addresses through ND4J, pointer objects) was 2 % of a likelihood map.
	 * NB: the call keeps the operands' addresses, so it is valid while they live and keep their buffers (the
	 * caller's preallocated arrays, parameters updated in place), and computes with whatever they hold then.
	 */
	public static Gemm prepare(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha,
		double beta) {
		DataType dt = c.dataType();
		Layout la = Layout.of(a), lb = Layout.of(b), lc = Layout.of(c);
		if (la == null || lb == null || lc == null || a.dataType() != dt || b.dataType() != dt
			|| (dt != DataType.FLOAT && dt != DataType.DOUBLE)) {
			return () -> Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
		}
		long m = transA ? a.columns() : a.rows(), k = transA ? a.rows() : a.columns();
		long kb = transB ? b.columns() : b.rows(), n = transB ? b.rows() : b.columns();
		if (k != kb || c.rows() != m || c.columns() != n)
			throw new IllegalArgumentException("GEMM shapes do not agree: op(a) " + m + "×" + k + ", op(b) " + kb + "×" + n
				+ ", c " + Shapes.text(c));
		if (m == 0 || n == 0) return () -> {};
		// op(x) = e ? Yᵀ : Y with Y the column-major matrix in x's memory
		boolean ea = transA ^ la.transposed, eb = transB ^ lb.transposed;
		if (!lc.transposed) return call(dt, ea, eb, m, n, k, alpha, a, la.ld, b, lb.ld, beta, c, lc.ld);
		return call(dt, !eb, !ea, n, m, k, alpha, b, lb.ld, a, la.ld, beta, c, lc.ld); // cᵀ = op(b)ᵀ op(a)ᵀ
	}

	/** A prepared GEMM (see {@link #prepare}). */
	@FunctionalInterface
	public interface Gemm {
		void run();
	}

	private static Gemm call(DataType dt, boolean tx, boolean ty, long m, long n, long k, double alpha, INDArray x,
		long ldx, INDArray y, long ldy, double beta, INDArray z, long ldz) {
		int opx = tx ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
		int opy = ty ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
		int mm = Math.toIntExact(m), nn = Math.toIntExact(n), kk = Math.toIntExact(k);
		int lx = Math.toIntExact(ldx), ly = Math.toIntExact(ldy), lz = Math.toIntExact(ldz);
		int order = openblas_nolapack.CblasColMajor;
		INDArray[] operands = {x, y, z};
		if (dt == DataType.FLOAT) {
			FloatPointer px = floats(x), py = floats(y), pz = floats(z);
			float a = (float) alpha, b = (float) beta;
			return () -> {
				openblas_nolapack.cblas_sgemm(order, opx, opy, mm, nn, kk, a, px, lx, py, ly, b, pz, lz);
				Reference.reachabilityFence(operands); // NB: the pointers do not keep the arrays' memory alive
			};
		}
		DoublePointer px = doubles(x), py = doubles(y), pz = doubles(z);
		return () -> {
			openblas_nolapack.cblas_dgemm(order, opx, opy, mm, nn, kk, alpha, px, lx, py, ly, beta, pz, lz);
			Reference.reachabilityFence(operands);
		};
	}

	/**
	 * A pointer to x's first element (wraps the address: no native allocation). NB: a view's data() may itself be
	 * a view buffer whose address already includes its own offset, which x.offset() counts too.
	 */
	private static FloatPointer floats(INDArray x) {
		return new FloatPointer(x.data().addressPointer()).position(x.offset() - x.data().offset());
	}

	private static DoublePointer doubles(INDArray x) {
		return new DoublePointer(x.data().addressPointer()).position(x.offset() - x.data().offset());
	}

	/** x's memory as a column-major matrix Y with leading dimension ld, where x = Y or (transposed) x = Yᵀ. */
	private record Layout(boolean transposed, long ld) {
		static Layout of(INDArray x) {
			if (x.rank() != 2 || x.data() == null) return null;
			long r = x.rows(), c = x.columns(), s0 = x.stride(0), s1 = x.stride(1);
			if (s0 == 1 && (c == 1 || s1 >= Math.max(1, r))) return new Layout(false, c == 1 ? Math.max(1, r) : s1);
			if (s1 == 1 && (r == 1 || s0 >= Math.max(1, c))) return new Layout(true, r == 1 ? Math.max(1, c) : s0);
			return null;
		}
	}
}
