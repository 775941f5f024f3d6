package org.ride.core.mcgsm;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One batched pass of the MCGSM maths (spec §6.2–6.4) over a chunk of {@code cols} samples: log-likelihood,
 * optionally data gradients and the per-chunk sums the parameter gradient needs ({@link GradientSums}).
 * Every step is a GEMM or one elementwise op over a whole [rows, cols] 'f'-order buffer; the buffers are
 * allocated once per chunk width and reused (so a {@code Pass} is not thread-safe). The same code serves
 * every D ≥ 1. With the matrices of {@link Derived}, l = k·S + s and X, Y one sample per column:
 * <pre>
 *   F  = Bᵀ X                          [F, n]
 *   Wa = beta2a [F∘F; 1] − 2 lina X    [K+1, n]   = [W; 1],  w_k = Σ_n β_kn² f_n² − 2 u_kᵀ x
 *   Z  = cy Y + cx X + c0              [KD, n]    z_k = L_kᵀ (y − A_k x − m_k)
 *   WQa = sblka (Z∘Z) + Wa             [K+1, n]   = [W + Q; 1],  q_k = ‖z_k‖²
 *   G  = gateG Wa,  H = gateH WQa      [KS, n]    g_ks and g_ks + ℓ_ks
 *   log p = LSE_l H − LSE_l G;   R_in = softmax_l G,  R_out = softmax_l H   (in place of G and H)
 * </pre>
 * Backward (§6.3): ρ = expT R_out, t = ρ − expT R_in, ρZ = z_k·ρ_k, V = F ∘ β²ᵀ t,
 * ∂/∂Y = −cyᵀ ρZ, ∂/∂X = −cxᵀ ρZ + Uᵀ t − B V.
 */
final class Pass {

	final int cols;
	final DataType dataType;
	final INDArray f, f2a, wa, wqa, g, h, z, z2, rhoE, rhoZ, rho, t, v, ones;
	private final INDArray onesKs, sg, sh;
	private final INDArray f2;

	Pass(Derived dv, int cols) {
		this.cols = cols;
		this.dataType = dv.p.dataType();
		int k = dv.k, ks = dv.k * dv.s, kd = dv.k * dv.d;
		DataType dt = dataType;
		f = buf(dt, dv.f, cols);
		f2a = buf(dt, dv.f + 1, cols);
		f2a.getRow(dv.f).assign(1);
		f2 = f2a.get(NDArrayIndex.interval(0, dv.f), NDArrayIndex.all()); // NB: a view, written in place
		wa = buf(dt, k + 1, cols);
		wqa = buf(dt, k + 1, cols);
		g = buf(dt, ks, cols);
		h = buf(dt, ks, cols);
		z = buf(dt, kd, cols);
		z2 = buf(dt, kd, cols);
		rhoE = dv.d > 1 ? buf(dt, kd, cols) : null;
		rhoZ = buf(dt, kd, cols);
		rho = buf(dt, k, cols);
		t = buf(dt, k, cols);
		v = buf(dt, dv.f, cols);
		ones = buf(dt, cols, 1).assign(1);
		onesKs = buf(dt, ks, 1).assign(1);
		sg = buf(dt, 1, cols);
		sh = buf(dt, 1, cols);
	}

	/** What one call must produce besides log p. */
	record Want(boolean dataGradient, boolean t, boolean rhoZ, boolean features) {}

	/** Outputs of one chunk: log p [1, n]; ∂/∂X [N_in, n] and ∂/∂Y [D, n] or null. */
	record Out(INDArray logp, INDArray dx, INDArray dy) {}

	Out run(Derived dv, INDArray x, INDArray y, Want want, GradientSums sums) {
		forward(dv, x, y);
		INDArray logp = softmaxPair();
		if (!want.dataGradient() && sums == null) return new Out(logp, null, null);
		backward(dv, want);
		INDArray dx = null, dy = null;
		if (want.dataGradient()) {
			dy = Nd4j.gemm(dv.cy, rhoZ, buf(dataType, dv.d, cols), true, false, -1.0, 0.0);
			dx = Nd4j.gemm(dv.cx, rhoZ, buf(dataType, dv.n, cols), true, false, -1.0, 0.0);
			if (!dv.linZero) Nd4j.gemm(dv.lin, t, dx, true, false, 1.0, 1.0);
			Nd4j.gemm(dv.feat, v, dx, false, false, -1.0, 1.0);
		}
		if (sums != null) sums.add(dv, x, logp, this);
		return new Out(logp, dx, dy);
	}

	private void forward(Derived dv, INDArray x, INDArray y) {
		Nd4j.gemm(dv.feat, x, f, true, false, 1.0, 0.0);
		f.mul(f, f2);
		Nd4j.gemm(dv.beta2a, f2a, wa, false, false, 1.0, 0.0);
		if (!dv.linZero) Nd4j.gemm(dv.lina, x, wa, false, false, -2.0, 1.0);
		Nd4j.gemm(dv.cx, x, z, false, false, 1.0, 0.0);
		Nd4j.gemm(dv.cy, y, z, false, false, 1.0, 1.0);
		if (!dv.meanZero) z.addiColumnVector(dv.c0);
		z.mul(z, z2);
		Nd4j.gemm(dv.sblka, z2, wqa, false, false, 1.0, 0.0);
		wqa.addi(wa);
		Nd4j.gemm(dv.gateG, wa, g, false, false, 1.0, 0.0);
		Nd4j.gemm(dv.gateH, wqa, h, false, false, 1.0, 0.0);
	}

	/**
	 * log p = LSE(H) − LSE(G) per column, with G and H overwritten by their column softmaxes R_in, R_out.
	 * NB: the maximum is subtracted before exponentiating (§6.2, pitfall 17), so nothing overflows.
	 */
	private INDArray softmaxPair() {
		INDArray mg = g.max(0), mh = h.max(0);
		g.subiRowVector(mg);
		h.subiRowVector(mh);
		Transforms.exp(g, false);
		Transforms.exp(h, false);
		// NB: column sums as GEMVs (onesᵀ·E), about twice as fast as ND4J's sum(0) here
		Nd4j.gemm(onesKs, g, sg, true, false, 1.0, 0.0);
		Nd4j.gemm(onesKs, h, sh, true, false, 1.0, 0.0);
		g.diviRowVector(sg);
		h.diviRowVector(sh);
		INDArray logp = Transforms.log(sh.div(sg), false);
		return logp.addi(mh.reshape(1, cols)).subi(mg.reshape(1, cols));
	}

	private void backward(Derived dv, Want want) {
		boolean needT = want.t() || want.dataGradient(), needRz = want.rhoZ() || want.dataGradient();
		if (needT || needRz) Nd4j.gemm(dv.expT, h, rho, false, false, 1.0, 0.0);
		if (needT) {
			Nd4j.gemm(dv.expT, g, t, false, false, -1.0, 0.0);
			t.addi(rho);
		}
		if (needRz) {
			if (dv.d == 1) {
				z.mul(rho, rhoZ);
			} else {
				Nd4j.gemm(dv.rep, rho, rhoE, false, false, 1.0, 0.0);
				z.mul(rhoE, rhoZ);
			}
		}
		if (want.features() || want.dataGradient()) {
			Nd4j.gemm(dv.beta2, t, v, true, false, 1.0, 0.0);
			v.muli(f);
		}
	}

	static INDArray buf(DataType dt, long rows, long cols) {
		return Nd4j.create(dt, new long[] { rows, cols }, 'f');
	}
}
