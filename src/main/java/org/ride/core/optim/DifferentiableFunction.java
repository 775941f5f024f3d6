package org.ride.core.optim;

/**
 * A smooth objective f: ℝⁿ → ℝ for {@link Lbfgs}, evaluated together with its gradient because the two
 * share most of their work (for the MCGSM, one pass over the data).
 */
@FunctionalInterface
public interface DifferentiableFunction {

	/**
	 * @param x       the point, length n; read only (the optimiser owns it and reuses it)
	 * @param gradOut written: ∇f(x), length n; every entry must be set
	 * @return f(x); a non-finite value inside a line search makes {@link Lbfgs} shorten the step
	 */
	double valueAndGradient(double[] x, double[] gradOut);
}
