package org.ride.core.mcgsm;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The L-BFGS objective of cmt's {@code MCGSM.train} (spec §6.4, §6.7): J(θ) = −Σ log p(y|x) / (N·D·ln 2),
 * bits per output dimension on fixed data, as a function of the flat vector θ of the trained groups.
 * {@link #valueAndGradient} has the shape a generic optimiser expects, e.g.
 * {@code lbfgs.minimize(objective::valueAndGradient, objective.start())}.
 * <p>
 * Evaluating writes θ into the model's parameters (the model ends at the last evaluated point; set the
 * best θ afterwards with {@link McgsmParams#setFromVector}).
 */
public final class McgsmObjective {

	private final Mcgsm model;
	private final INDArray x, y;
	private final TrainFlags flags;

	/** @param x inputs [N_in, N]; @param y outputs [D, N]; both kept by reference, not copied. */
	public McgsmObjective(Mcgsm model, INDArray x, INDArray y, TrainFlags flags) {
		this.model = model;
		this.x = x;
		this.y = y;
		this.flags = flags;
	}

	/** The current parameters as θ. */
	public double[] start() {
		return model.params().toVector(flags);
	}

	public int dimension() {
		return model.params().numParameters(flags);
	}

	/** Sets θ, returns J(θ) and writes ∂J/∂θ into {@code grad} (length {@link #dimension()}). */
	public double valueAndGradient(double[] theta, double[] grad) {
		model.params().setFromVector(theta, flags);
		McgsmResult r = model.parameterGradient(x, y, flags);
		System.arraycopy(r.gradient(), 0, grad, 0, grad.length);
		return r.objective();
	}

	/** J(θ) alone (e.g. on validation data), leaving the model at θ. */
	public double value(double[] theta) {
		model.params().setFromVector(theta, flags);
		return model.evaluate(x, y, false, null).objective();
	}
}
