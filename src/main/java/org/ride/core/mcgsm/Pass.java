package org.ride.core.mcgsm;

import org.ride.core.nd.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One batched pass of the MCGSM maths (spec §6.2–6.4) over a chunk of {@code cols} samples: log-likelihood,
 * optionally data gradients and the per-chunk sums the parameter gradient needs ({@link GradientSums}).
 * The products with N_in-, F- or K-sized matrices are GEMMs into 'f'-order buffers allocated once per chunk
 * width and reused (so a {@code Pass} is not thread-safe); everything per (k, s) pair is one plain-Java
 * pass, {@link Gate} (or {@link FloatGate} when a FLOAT model at fast maths wants log p only). With the matrices of {@link Derived} and X, Y one sample per column:
 * <pre>
 *   F = Bᵀ X  [F, n]      Wᵀ = (F∘F)ᵀ β²ᵀ − 2 Xᵀ Uᵀ  [n, K]      Zᵀ = Yᵀ cyᵀ + Xᵀ cxᵀ + c0ᵀ  [n, KD]
 *   Gate: log p [1, n], ρᵀ, tᵀ [n, K], (ρZ)ᵀ [n, KD]
 *   V = F ∘ β²ᵀ t,   ∂/∂Y = −cyᵀ ρZ,   ∂/∂X = −cxᵀ ρZ + Uᵀ t − B V                         (§6.3)
 * </pre>
 * NB: the arrays the gate reads and writes are transposed ([n, ·], 'f'), so that one component's values
 * over the samples are contiguous for the gate's loops; the GEMMs transpose them back for free.
 */
final class Pass {

	final int cols;
	final DataType dataType;
	/** F, F∘F, V [F, n]; Wᵀ, ρᵀ, tᵀ [n, K]; Zᵀ, (ρZ)ᵀ [n, KD]; ones [n, 1]. */
	final INDArray f, f2, v, wT, rhoT, tT, zT, rzT, ones;
	final Gate gate;
	/** The log-p-only gate of a FLOAT model at fast maths, else null. */
	private final FloatGate floatGate;
	private final OffHeap wMem, zMem, rhoMem, tMem, rzMem;

	Pass(Derived dv, int cols) {
		this.cols = cols;
		this.dataType = dv.p.dataType();
		DataType dt = dataType;
		int k = dv.k, kd = dv.k * dv.d;
		f = buf(dt, dv.f, cols);
		f2 = buf(dt, dv.f, cols);
		v = buf(dt, dv.f, cols);
		wT = buf(dt, cols, k);
		rhoT = buf(dt, cols, k);
		tT = buf(dt, cols, k);
		zT = buf(dt, cols, kd);
		rzT = buf(dt, cols, kd);
		ones = buf(dt, cols, 1).assign(1);
		gate = new Gate(k, dv.s, dv.d, dt == DataType.DOUBLE, cols);
		floatGate = dt == DataType.FLOAT ? new FloatGate(k, dv.s, dv.d, cols) : null;
		wMem = new OffHeap(wT);
		zMem = new OffHeap(zT);
		rhoMem = new OffHeap(rhoT);
		tMem = new OffHeap(tT);
		rzMem = new OffHeap(rzT);
	}

	/**
	 * Runs the chunk of columns [at, at + cols) of the call: x, y are that chunk; log p goes to columns
	 * [at, at + cols) of {@code logp} [1, N], the data gradients (if {@code dxOut} is not null) to those of
	 * {@code dxOut} [N_in, N] and {@code dyOut} [D, N] ('f' order: a chunk's columns are then a view the GEMMs
	 * can write), and the parameter-gradient sums to {@code sums} if not null; {@code exactMath}: double-accuracy exponentials
	 * in a FLOAT model too (see {@link Mcgsm#setExactMath}).
	 */
	void run(Derived dv, INDArray x, INDArray y, long at, INDArray logp, INDArray dxOut, INDArray dyOut,
		GradientSums sums, boolean exactMath) {
		boolean full = dxOut != null || sums != null;
		forward(dv, x, y);
		if (!full && floatGate != null && !exactMath) {
			floatGate.reset(dv);
			floatGate.run(cols, wT.data().asNioFloat(), zT.data().asNioFloat(), logp.data().asNioFloat(),
				Math.toIntExact(logp.offset() + at));
			return;
		}
		gate.reset(dv, exactMath || dataType == DataType.DOUBLE);
		gate.run(cols, wMem, zMem, new OffHeap(logp), Math.toIntExact(at), full, rhoMem, tMem, rzMem);
		if (!full) return;
		if (dxOut != null || sums.wantsV()) {
			Blas.gemm(dv.beta2, tT, v, true, true, 1.0, 0.0);
			v.muli(f);
		}
		if (dxOut != null) {
			// NB: the GEMMs write straight into this chunk's columns of the outputs (an 'f' view with the outputs'
			// leading dimension), instead of into chunk buffers copied over afterwards (two more passes over them)
			boolean whole = at == 0 && dxOut.columns() == cols;
			INDArrayIndex[] c = { NDArrayIndex.all(), NDArrayIndex.interval(at, at + cols) };
			INDArray gx = whole ? dxOut : dxOut.get(c), gy = whole ? dyOut : dyOut.get(c);
			Blas.gemm(dv.cy, rzT, gy, true, true, -1.0, 0.0);
			Blas.gemm(dv.cx, rzT, gx, true, true, -1.0, 0.0);
			if (!dv.linZero) Blas.gemm(dv.lin, tT, gx, true, true, 1.0, 1.0);
			Blas.gemm(dv.feat, v, gx, false, false, -1.0, 1.0);
		}
		if (sums != null) sums.add(dv, x, this);
	}

	private void forward(Derived dv, INDArray x, INDArray y) {
		Blas.gemm(dv.feat, x, f, true, false, 1.0, 0.0);
		f.mul(f, f2);
		Blas.gemm(f2, dv.beta2, wT, true, true, 1.0, 0.0);
		if (!dv.linZero) Blas.gemm(x, dv.lin, wT, true, true, -2.0, 1.0);
		Blas.gemm(x, dv.cx, zT, true, true, 1.0, 0.0);
		Blas.gemm(y, dv.cy, zT, true, true, 1.0, 1.0);
		if (!dv.meanZero) zT.addiRowVector(dv.c0.reshape(1, dv.c0.length()));
	}

	static INDArray buf(DataType dt, long rows, long cols) {
		return Nd4j.create(dt, new long[] { rows, cols }, 'f');
	}
}
