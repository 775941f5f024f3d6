package org.ride.core.optim;

/**
 * A held-out loss for early stopping in {@link Lbfgs} (spec §6.7): lower is better. For the MCGSM it is
 * the validation NLL in bits per output dimension, on whitened data, without the Jacobian.
 */
@FunctionalInterface
public interface Validation {

	/** @param x the parameters, length n; read only. */
	double loss(double[] x);
}
