package org.ride.core.optim;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A first-order optimiser that updates a fixed list of ND4J parameter arrays in place from gradients of
 * the same shapes and dtypes (spec §7.4.7–8). State buffers (momentum, moments) are allocated on the first
 * {@link #step}, one per array, and reused; the list must then keep its length, shapes and dtypes.
 * RIDE resets the state at every curriculum stage (pitfall 14).
 */
public interface Optimizer {

	/**
	 * One update. {@code params.get(i)} is written in place; {@code grads.get(i)} (∂f/∂θ_i, same shape and
	 * dtype, any order) is read only.
	 */
	void step(List<INDArray> params, List<INDArray> grads);

	/** Zeroes the optimiser state (and ADAM's step counter); the buffers are kept. */
	void reset();

	void setLearningRate(double learningRate);

	double learningRate();
}
