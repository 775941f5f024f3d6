package org.ride.core.optim;

/**
 * Settings of {@link Lbfgs}, with the defaults cmt passes to liblbfgs ({@code Trainable::train}, spec §6.7).
 *
 * @param maxIter       iterations at most (≥ 0); cmt {@code max_iter}
 * @param threshold     stop when f decreased by less than this between two iterations, absolutely, as cmt's
 *                      callback does ({@code f_prev − f < threshold}); an increase also stops.
 *                      {@code Double.NEGATIVE_INFINITY} disables the test
 * @param memory        number m of (s, y) correction pairs kept (≥ 1); cmt {@code num_grad}
 * @param valIter       check the validation loss every valIter iterations (≥ 1)
 * @param valLookAhead  stop after this many consecutive checks without improvement; 0 never stops early
 * @param maxLinesearch function evaluations per line search at most (≥ 1)
 * @param ftol          sufficient-decrease (Armijo) constant, 0 < ftol < 0.5
 * @param wolfe         curvature constant of the regular Wolfe condition, ftol < wolfe < 1
 * @param epsilon       stop when ‖g‖ / max(1, ‖x‖) ≤ epsilon (≥ 0)
 * @param minStep       line search fails below this step (≥ 0)
 * @param maxStep       line search fails above this step (> minStep)
 */
public record LbfgsOptions(int maxIter, double threshold, int memory, int valIter, int valLookAhead,
	int maxLinesearch, double ftol, double wolfe, double epsilon, double minStep, double maxStep)
{

	public LbfgsOptions {
		check(maxIter >= 0, "maxIter", maxIter, "use 0 or more iterations (cmt default 1000)");
		check(!Double.isNaN(threshold), "threshold", threshold, "use a number, e.g. 1e-9, or -Infinity to disable");
		check(memory >= 1, "memory", memory, "keep at least 1 correction pair (cmt default 20)");
		check(valIter >= 1, "valIter", valIter, "check validation every 1 or more iterations (cmt default 5)");
		check(valLookAhead >= 0, "valLookAhead", valLookAhead, "use 0 (never stop early) or more (cmt default 20)");
		check(maxLinesearch >= 1, "maxLinesearch", maxLinesearch, "allow 1 or more evaluations (default 100)");
		check(ftol > 0 && ftol < 0.5, "ftol", ftol, "use 0 < ftol < 0.5 (default 1e-4)");
		check(wolfe > ftol && wolfe < 1, "wolfe", wolfe, "use ftol < wolfe < 1 (default 0.9)");
		check(epsilon >= 0, "epsilon", epsilon, "use epsilon ≥ 0 (default 1e-9)");
		check(minStep >= 0, "minStep", minStep, "use minStep ≥ 0 (default 1e-20)");
		check(maxStep > minStep, "maxStep", maxStep, "use maxStep > minStep = " + minStep + " (default 1e20)");
	}

	/** cmt/liblbfgs defaults: 1000 iterations, threshold 1e-9, m = 20, validation every 5, patience 20. */
	public static LbfgsOptions defaults() {
		return new LbfgsOptions(1000, 1e-9, 20, 5, 20, 100, 1e-4, 0.9, 1e-9, 1e-20, 1e20);
	}

	public LbfgsOptions withMaxIter(int n) {
		return new LbfgsOptions(n, threshold, memory, valIter, valLookAhead, maxLinesearch, ftol, wolfe,
			epsilon, minStep, maxStep);
	}

	public LbfgsOptions withThreshold(double t) {
		return new LbfgsOptions(maxIter, t, memory, valIter, valLookAhead, maxLinesearch, ftol, wolfe,
			epsilon, minStep, maxStep);
	}

	public LbfgsOptions withValidation(int every, int lookAhead) {
		return new LbfgsOptions(maxIter, threshold, memory, every, lookAhead, maxLinesearch, ftol, wolfe,
			epsilon, minStep, maxStep);
	}

	public LbfgsOptions withEpsilon(double e) {
		return new LbfgsOptions(maxIter, threshold, memory, valIter, valLookAhead, maxLinesearch, ftol, wolfe,
			e, minStep, maxStep);
	}

	private static void check(boolean ok, String name, double value, String fix) {
		if (!ok) throw new IllegalArgumentException("L-BFGS option " + name + " = " + value + " is invalid; " + fix);
	}
}
