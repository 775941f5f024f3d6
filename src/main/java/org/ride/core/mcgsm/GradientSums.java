package org.ride.core.mcgsm;

import static org.ride.core.mcgsm.McgsmParams.*;

import org.ride.core.nd.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sums over samples (one instance per chunk, in double; chunks are {@link #merge}d in chunk order, so the
 * result does not depend on how chunks were spread over threads) from which the parameter gradient of
 * spec §6.4 follows, and the final assembly of that gradient for J = Σ ε / (N · D · ln 2), ε = −log p(y|x).
 * The per-(k, s) sums come from {@link Gate}, the others are one GEMM over a chunk (names as in {@link Pass}):
 * <pre>
 *   ∂Σε/∂η_l   = Σ R_in − Σ R_out
 *   ∂Σε/∂α_l   = ½ e^{α_l} [Σ R_out (w_k + q_k) − Σ R_in w_k] − (D/2) Σ R_out
 *   ∂Σε/∂β     = β ∘ (T (F∘F)ᵀ)                  ∂Σε/∂B = X Vᵀ,  V = F ∘ β²ᵀ T
 *   ∂Σε/∂U     = −T Xᵀ                           ∂Σε/∂A_k = −L_k [ρZ Xᵀ]_k
 *   ∂Σε/∂m_k   = −L_k [Σ ρZ]_k                   ∂Σε/∂L_k = lower( L_k^{−T} [ρZ Zᵀ]_kk − Σ_s R_out,ks · diag(1/L_dd) )
 * </pre>
 */
final class GradientSums {

	private final TrainFlags flags;
	double logpSum;
	long count;
	/** Σ R_in, Σ R_out, Σ R_in w_k, Σ R_out (w_k + q_k), each [KS] component-major; T (F∘F)ᵀ, [K, F]. */
	private final double[] sumIn, sumOut, inW, outWQ, beta;
	private final double[] feat, lin, pred, mean, chol;

	GradientSums(Derived dv, TrainFlags flags) {
		this.flags = flags;
		int ks = dv.k * dv.s, kd = dv.k * dv.d;
		sumIn = new double[ks];
		sumOut = new double[ks];
		inW = new double[ks];
		outWQ = new double[ks];
		beta = new double[dv.k * dv.f];
		feat = new double[dv.n * dv.f];
		lin = new double[dv.k * dv.n];
		pred = new double[kd * dv.n];
		mean = new double[kd];
		chol = new double[kd * kd];
	}

	/** Whether {@link Pass} must compute V = F ∘ β²ᵀ t (the features' gradient needs it). */
	boolean wantsV() {
		return flags.features();
	}

	/** Adds one chunk: the {@link Gate} sums of {@code b} and the GEMM sums over its buffers. */
	void add(Derived dv, INDArray x, Pass b) {
		DataType dt = dv.p.dataType();
		int kd = dv.k * dv.d;
		logpSum += b.gate.logpSum;
		count += b.cols;
		double[][] g = b.gate.sums();
		acc(sumIn, g[0]);
		acc(sumOut, g[1]);
		acc(inW, g[2]);
		acc(outWQ, g[3]);
		if (flags.weights()) acc(beta, Blas.gemm(b.tT, b.f2, Pass.buf(dt, dv.k, dv.f), true, true, 1.0, 0.0));
		if (flags.features()) acc(feat, Blas.gemm(x, b.v, Pass.buf(dt, dv.n, dv.f), false, true, 1.0, 0.0));
		if (flags.linearFeatures()) acc(lin, Blas.gemm(b.tT, x, Pass.buf(dt, dv.k, dv.n), true, true, -1.0, 0.0));
		if (flags.predictors()) acc(pred, Blas.gemm(b.rzT, x, Pass.buf(dt, kd, dv.n), true, true, 1.0, 0.0));
		if (flags.means()) acc(mean, Blas.gemm(b.rzT, b.ones, Pass.buf(dt, kd, 1), true, false, 1.0, 0.0));
		if (flags.choleskyFactors() && dv.d > 1)
			acc(chol, Blas.gemm(b.rzT, b.zT, Pass.buf(dt, kd, kd), true, false, 1.0, 0.0));
	}

	/** Adds another chunk's sums (callers merge in chunk order, which fixes the rounding). */
	void merge(GradientSums o) {
		logpSum += o.logpSum;
		count += o.count;
		for (double[][] p : new double[][][] { { sumIn, o.sumIn }, { sumOut, o.sumOut }, { inW, o.inW },
			{ outWQ, o.outWQ }, { beta, o.beta }, { feat, o.feat }, { lin, o.lin }, { pred, o.pred },
			{ mean, o.mean }, { chol, o.chol } })
			acc(p[0], p[1]);
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
		for (int l = 0; l < k * s; l++) {
			g[PRIORS][l] = sumIn[l] - sumOut[l];
			g[SCALES][l] = 0.5 * dv.ea[l] * (outWQ[l] - inW[l]) - 0.5 * d * sumOut[l];
		}
		double[] b = dv.p.raw(WEIGHTS);
		g[WEIGHTS] = new double[b.length];
		for (int i = 0; i < b.length; i++) g[WEIGHTS][i] = b[i] * beta[i];
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
		acc(into, Derived.rowMajor(a));
	}

	private static void acc(double[] into, double[] v) {
		for (int i = 0; i < v.length; i++) into[i] += v[i];
	}
}
