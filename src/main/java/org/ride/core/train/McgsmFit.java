package org.ride.core.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.ride.core.mcgsm.Mcgsm;
import org.ride.core.mcgsm.McgsmParams;
import org.ride.core.mcgsm.TrainFlags;
import org.ride.core.optim.DifferentiableFunction;
import org.ride.core.optim.Lbfgs;
import org.ride.core.optim.LbfgsOptions;
import org.ride.core.optim.LbfgsResult;
import org.ride.core.optim.Validation;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

/**
 * Fits an MCGSM by L-BFGS (cmt {@code MCGSM.train}, spec §6.7): minimises J = −Σ log p/(N·D·ln 2) over
 * the groups selected by {@link TrainFlags}, with optional early stopping on validation data (check
 * every {@code valIter} iterations, patience {@code valLookAhead} checks, keep the best-validation
 * parameters). The model's parameters are updated in place to the returned solution, also after a
 * cancel.
 */
public final class McgsmFit {

	private McgsmFit() {}

	/**
	 * @param model  trained in place
	 * @param x      inputs [N_in, N]
	 * @param y      outputs [D, N]
	 * @param xVal   validation inputs [N_in, N_val], or null for no early stopping
	 * @param yVal   validation outputs [D, N_val], or null
	 */
	public static LbfgsResult fit(Mcgsm model, INDArray x, INDArray y, INDArray xVal, INDArray yVal, TrainFlags flags,
		LbfgsOptions options, Progress progress, CancelToken cancel) {
		if ((xVal == null) != (yVal == null))
			throw new IllegalArgumentException("validation needs both inputs and outputs (or neither)");
		if (x.columns() == 0)
			throw new IllegalArgumentException("the MCGSM training set is empty; extract samples from a larger image");
		McgsmParams p = model.params();
		DifferentiableFunction objective = (theta, grad) -> {
			p.setFromVector(theta, flags);
			var r = model.evaluate(x, y, false, flags);
			System.arraycopy(r.gradient(), 0, grad, 0, grad.length);
			return r.objective();
		};
		Validation validation = xVal == null ? null : theta -> {
			p.setFromVector(theta, flags);
			return model.evaluate(xVal, yVal, false, null).objective();
		};
		LbfgsResult result = new Lbfgs(options).minimize(objective, p.toVector(flags), validation, progress, cancel);
		p.setFromVector(result.x(), flags);
		return result;
	}
}
