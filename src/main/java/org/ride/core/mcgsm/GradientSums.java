package org.ride.core.mcgsm;

import static org.ride.core.mcgsm.McgsmParams.*;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sums over samples (accumulated chunk by chunk, in double) from which the parameter gradient of spec §6.4
 * follows, and the final assembly of that gradient for J = Σ ε / (N · D · ln 2), ε = −log p(y|x).
 * Each sum is one GEMM or row reduction over a chunk (see {@link Pass} for the names):
 * <pre>
 *   ∂Σε/∂η_l   = Σ R_in − Σ R_out
 *   ∂Σε/∂α_l   = ½ e^{α_l} [R_out (W+Q)ᵀ − R_in Wᵀ]_{l, k(l)} − (D/2) Σ R_out
 *   ∂Σε/∂β     = β ∘ (T (F∘F)ᵀ)                  ∂Σε/∂B = X Vᵀ,  V = F ∘ β²ᵀ T
 *   ∂Σε/∂U     = −T Xᵀ                           ∂Σε/∂A_k = −L_k [ρZ Xᵀ]_k
 *   ∂Σε/∂m_k   = −L_k [Σ ρZ]_k                   ∂Σε/∂L_k = lower( L_k^{−T} [ρZ Zᵀ]_kk − Σ_s R_out,ks · diag(1/L_dd) )
 * </pre>
 */
final class GradientSums {

	private final TrainFlags flags;
	double logpSum;
	long count;
	/** R_out [W+Q; 1]ᵀ and R_in [W; 1]ᵀ, row-major [KS, K+1]; T [F∘F; 1]ᵀ, [K, F+1]. */
	private final double[] outW, inW, beta;
	private final double[] feat, lin, pred, mean, chol;

	GradientSums(Derived dv, TrainFlags flags) {
		this.flags = flags;
		int ks = dv.k * dv.s, kd = dv.k * dv.d;
		outW = new double[ks * (dv.k + 1)];
		inW = new double[ks * (dv.k + 1)];
		beta = new double[dv.k * (dv.f + 1)];
		feat = new double[dv.n * dv.f];
		lin = new double[dv.k * dv.n];
		pred = new double[kd * dv.n];
		mean = new double[kd];
		chol = new double[kd * kd];
	}

	/** What {@link Pass} must compute for these flags. */
	Pass.Want want(boolean dataGradient) {
		boolean t = flags.weights() || flags.features() || flags.linearFeatures();
		boolean rz = flags.choleskyFactors() || flags.predictors() || flags.means();
		return new Pass.Want(dataGradient, t, rz, flags.features());
	}

	void add(Derived dv, INDArray x, INDArray logp, Pass b) {
		DataType dt = dv.p.dataType();
		int ks = dv.k * dv.s, kd = dv.k * dv.d;
		logpSum += logp.sumNumber().doubleValue();
		count += logp.length();
		if (flags.priors() || flags.scales() || flags.choleskyFactors()) {
			// last columns: Σ R_out and Σ R_in (the ones rows of WQa, Wa)
			acc(outW, Nd4j.gemm(b.h, b.wqa, Pass.buf(dt, ks, dv.k + 1), false, true, 1.0, 0.0));
			acc(inW, Nd4j.gemm(b.g, b.wa, Pass.buf(dt, ks, dv.k + 1), false, true, 1.0, 0.0));
		}
		if (flags.weights()) acc(beta, Nd4j.gemm(b.t, b.f2a, Pass.buf(dt, dv.k, dv.f + 1), false, true, 1.0, 0.0));
		if (flags.features()) acc(feat, Nd4j.gemm(x, b.v, Pass.buf(dt, dv.n, dv.f), false, true, 1.0, 0.0));
		if (flags.linearFeatures()) acc(lin, Nd4j.gemm(b.t, x, Pass.buf(dt, dv.k, dv.n), false, true, -1.0, 0.0));
		if (flags.predictors()) acc(pred, Nd4j.gemm(b.rhoZ, x, Pass.buf(dt, kd, dv.n), false, true, 1.0, 0.0));
		if (flags.means()) acc(mean, Nd4j.gemm(b.rhoZ, b.ones, Pass.buf(dt, kd, 1), false, false, 1.0, 0.0));
		if (flags.choleskyFactors() && dv.d > 1)
			acc(chol, Nd4j.gemm(b.rhoZ, b.z, Pass.buf(dt, kd, kd), false, true, 1.0, 0.0));
	}

	/** J = −Σ log p / (N · D · ln 2) over everything added so far. */
	double objective(int dimOut) {
		return -logpSum / (count * dimOut * Math.log(2));
	}

	/** The gradient of J in the flat layout of §6.4. */
	double[] gradient(Derived dv) {
		int k = dv.k, s = dv.s, d = dv.d, n = dv.n, f = dv.f;
		double[][] g = new double[8][];
		g[PRIORS] = new double[k * s];
		g[SCALES] = new double[k * s];
		double[] sumOut = new double[k * s];
		for (int l = 0; l < k * s; l++) {
			sumOut[l] = outW[l * (k + 1) + k];
			g[PRIORS][l] = inW[l * (k + 1) + k] - sumOut[l];
			int kl = l * (k + 1) + l / s;
			g[SCALES][l] = 0.5 * dv.ea[l] * (outW[kl] - inW[kl]) - 0.5 * d * sumOut[l];
		}
		double[] b = dv.p.raw(WEIGHTS);
		g[WEIGHTS] = new double[b.length];
		for (int i = 0; i < b.length; i++) g[WEIGHTS][i] = b[i] * beta[(i / f) * (f + 1) + i % f];
		g[FEATURES] = feat;
		g[LINEAR] = lin;
		g[PREDICTORS] = new double[k * d * n];
		g[MEANS] = new double[d * k];
		for (int c = 0; c < k; c++)
			for (int r = 0; r < d; r++)
				for (int m = 0; m <= r; m++) { // −L_k [·]_k, L_k[r, m] = 0 for m > r
					double lrm = dv.chol(c, r, m);
					for (int i = 0; i < n; i++) g[PREDICTORS][(c * d + r) * n + i] -= lrm * pred[(c * d + m) * n + i];
					g[MEANS][r * k + c] -= lrm * mean[c * d + m];
				}
		g[CHOLESKY] = choleskyGradient(dv, sumOut);
		double scale = 1.0 / (count * d * Math.log(2));
		double[] out = dv.p.pack(g, flags);
		for (int i = 0; i < out.length; i++) out[i] *= scale;
		return out;
	}

	/** lower( L_k^{−T} C_k − R_k diag(1/L_dd) ) per k, row-major [K, D, D], C_k = [ρZ Zᵀ]_kk. */
	private double[] choleskyGradient(Derived dv, double[] sumOut) {
		int k = dv.k, d = dv.d, kd = k * d;
		double[] out = new double[k * d * d];
		for (int c = 0; c < k; c++) {
			double rk = 0;
			for (int j = 0; j < dv.s; j++) rk += sumOut[c * dv.s + j];
			for (int col = 0; col < d; col++)
				for (int r = d - 1; r >= 0; r--) { // back substitution, L_kᵀ is upper-triangular
					double acc = chol[(c * d + r) * kd + c * d + col];
					for (int m = r + 1; m < d; m++) acc -= dv.chol(c, m, r) * out[(c * d + m) * d + col];
					out[(c * d + r) * d + col] = acc / dv.chol(c, r, r);
				}
			for (int r = 0; r < d; r++) {
				out[(c * d + r) * d + r] -= rk / dv.chol(c, r, r);
				for (int col = r + 1; col < d; col++) out[(c * d + r) * d + col] = 0;
			}
		}
		return out;
	}

	private static void acc(double[] into, INDArray a) {
		double[] v = Derived.rowMajor(a);
		for (int i = 0; i < v.length; i++) into[i] += v[i];
	}
}
