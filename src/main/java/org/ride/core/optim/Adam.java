package org.ride.core.optim;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ADAM exactly as RIDE writes it (spec §7.4.8), per parameter array, with t = 1, 2, … counted per
 * {@link #step} call:
 * <pre>
 *   m ← β1 m + (1 − β1) g
 *   s ← β2 s + (1 − β2) g²
 *   step = lr · sqrt(1 − β2^t) / (1 − β1^t)
 *   θ ← θ − step · m / (1e−8 + sqrt(s))
 * </pre>
 * NB: ε = 1e−8 is added to sqrt(s), not to the bias-corrected moment as in the paper.
 * {@link #reset()} zeroes m, s and t. Computes in each array's dtype; 9 ND4J calls per array per step,
 * no allocation after the first step (a scratch buffer per array holds g² and the update).
 */
public final class Adam implements Optimizer {

	private static final double EPS = 1e-8;

	private final double beta1, beta2;
	private double lr;
	private int t;
	private final StateBuffers state = new StateBuffers("ADAM", 3); // m, s, scratch

	/** @param learningRate lr; @param beta1 β1 (RIDE decay1 0.9); @param beta2 β2 (RIDE decay2 0.999) */
	public Adam(double learningRate, double beta1, double beta2) {
		if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
			throw new IllegalArgumentException("ADAM decays β1 = " + beta1 + ", β2 = " + beta2
				+ " must be in [0, 1); RIDE uses 0.9 and 0.999");
		setLearningRate(learningRate);
		this.beta1 = beta1;
		this.beta2 = beta2;
	}

	@Override
	public void step(List<INDArray> params, List<INDArray> grads) {
		state.check(params, grads);
		t++;
		double step = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
		for (int i = 0; i < params.size(); i++) {
			INDArray p = params.get(i), g = grads.get(i);
			INDArray m = state.get(i, 0), s = state.get(i, 1), tmp = state.get(i, 2);
			Nd4j.exec(new Axpy(g, m.muli(beta1), m, 1 - beta1));       // m ← (1−β1)·g + β1·m
			Nd4j.exec(new Axpy(g.mul(g, tmp), s.muli(beta2), s, 1 - beta2)); // s ← (1−β2)·g² + β2·s
			Nd4j.exec(new Sqrt(s, tmp));
			m.div(tmp.addi(EPS), tmp);                                 // tmp ← m / (ε + sqrt(s))
			Nd4j.exec(new Axpy(tmp, p, p, -step));
		}
	}

	@Override
	public void reset() {
		state.zero();
		t = 0;
	}

	@Override
	public void setLearningRate(double learningRate) {
		if (!(learningRate > 0 && Double.isFinite(learningRate)))
			throw new IllegalArgumentException(
				"ADAM learning rate = " + learningRate + " must be positive and finite, e.g. 1e-3");
		lr = learningRate;
	}

	@Override
	public double learningRate() {
		return lr;
	}

	/** Steps taken since construction or the last {@link #reset()}. */
	public int stepCount() {
		return t;
	}
}
