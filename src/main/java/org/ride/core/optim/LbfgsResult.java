package org.ride.core.optim;

/**
 * What {@link Lbfgs#minimize} returns.
 *
 * @param x                 the parameters chosen (length n, a fresh array): the final iterate, or the
 *                          best-validation iterate if that has the lower validation loss (spec §6.7)
 * @param value             f at {@code x}
 * @param validationLoss    validation loss at {@code x}, NaN without validation
 * @param iterations        completed iterations (accepted line searches)
 * @param converged         cmt's return value: true for THRESHOLD, GRADIENT and EARLY_STOP
 * @param stopReason        why the loop ended
 * @param objectiveHistory  f before the first iteration (index 0) and after each iteration k (index k)
 * @param validationHistory validation loss at each check; entry i belongs to iteration (i + 1)·valIter
 */
public record LbfgsResult(double[] x, double value, double validationLoss, int iterations, boolean converged,
	StopReason stopReason, double[] objectiveHistory, double[] validationHistory)
{

	/** Why {@link Lbfgs} stopped. */
	public enum StopReason {
		/** maxIter iterations done. */
		MAX_ITER,
		/** f decreased by less than threshold (or increased) in the last iteration. */
		THRESHOLD,
		/** ‖g‖ / max(1, ‖x‖) ≤ epsilon, possibly already at the start. */
		GRADIENT,
		/** valLookAhead consecutive validation checks without improvement. */
		EARLY_STOP,
		/** no acceptable step within maxLinesearch evaluations or [minStep, maxStep]; x is the last iterate. */
		LINE_SEARCH_FAILED,
		/** the cancel token was set; checked once per iteration. */
		CANCELLED
	}
}
