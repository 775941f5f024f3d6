package org.ride.core.optim;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SGD with momentum exactly as RIDE writes it (spec §7.4.7, pitfall 14), per parameter array:
 * <pre>
 *   v ← μ v − g
 *   θ ← θ + lr · v
 * </pre>
 * v starts at 0 and {@link #reset()} zeroes it (RIDE: at every {@code train()} call, i.e. curriculum
 * stage). Computes in each array's own dtype; 3 ND4J calls per array per step.
 */
public final class Sgd implements Optimizer {

	private final double momentum;
	private double lr;
	private final StateBuffers v = new StateBuffers("SGD", 1);

	/** @param learningRate lr (RIDE default 1.0); @param momentum μ in [0, 1) (RIDE default 0.9) */
	public Sgd(double learningRate, double momentum) {
		if (!(momentum >= 0 && momentum < 1))
			throw new IllegalArgumentException("SGD momentum = " + momentum + " must be in [0, 1); RIDE uses 0.9");
		setLearningRate(learningRate);
		this.momentum = momentum;
	}

	@Override
	public void step(List<INDArray> params, List<INDArray> grads) {
		v.check(params, grads);
		for (int i = 0; i < params.size(); i++) {
			INDArray vi = v.get(i, 0), p = params.get(i);
			vi.muli(momentum).subi(grads.get(i));
			Nd4j.exec(new Axpy(vi, p, p, lr)); // p ← lr·v + p
		}
	}

	@Override
	public void reset() {
		v.zero();
	}

	@Override
	public void setLearningRate(double learningRate) {
		if (!(learningRate > 0 && Double.isFinite(learningRate)))
			throw new IllegalArgumentException(
				"SGD learning rate = " + learningRate + " must be positive and finite, e.g. 1.0");
		lr = learningRate;
	}

	@Override
	public double learningRate() {
		return lr;
	}

	public double momentum() {
		return momentum;
	}
}
