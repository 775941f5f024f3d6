package org.ride.core.train;

import org.ride.core.model.Ride;

/**
 * The result of {@link RideTrainer#train}: the trained model (possibly a different object than the one
 * passed in: {@code add_layer} builds a new {@link Ride}, and a validation stop restores a copy) and its
 * {@link TrainingLog}.
 */
public record TrainResult(Ride model, TrainingLog log) {

	/** True if the run was cancelled; {@link #model()} is still consistent and usable. */
	public boolean cancelled() {
		return log.cancelled();
	}
}
