package org.ride.io;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.ride.core.model.Ride;

/**
 * Everything one RIDE model file holds ({@link RideModelFile}, {@code docs/model-format.md}): the model, what its
 * data mean and how it was trained.
 * <p>
 * NB: {@link Ride} has no value equality, so two SavedModels are equal only if they share the same Ride object;
 * compare models by their parameter arrays.
 *
 * @param model       the model; its LSTM and MCGSM must compute in FLOAT (the file stores float32 LSTM weights)
 * @param data        units and statistics of the training data, or null if unknown (e.g. before training)
 * @param training    the training settings and history, or null for an untrained model
 * @param codeVersion the RIDE version that wrote the model (jar manifest {@code Implementation-Version}, or "dev")
 * @param created     when the model was saved
 */
public record SavedModel(Ride model, DataInfo data, TrainingInfo training, String codeVersion, Instant created) {

	public SavedModel {
		if (model == null) throw new IllegalArgumentException("a saved model needs the model");
		if (codeVersion == null || codeVersion.isBlank())
			throw new IllegalArgumentException("code version is missing; use SavedModel.of(...) or RideModelFile.codeVersion()");
		if (created == null) throw new IllegalArgumentException("creation time is missing; use SavedModel.of(...)");
	}

	/** A model to save now by this code: {@code codeVersion} from the jar, {@code created} = now (whole seconds). */
	public static SavedModel of(Ride model, DataInfo data, TrainingInfo training) {
		return new SavedModel(model, data, training, RideModelFile.codeVersion(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
	}

	/** Whether the model has been trained (has its whitening) and can score or sample images. */
	public boolean trained() {
		return model.hasWhitening();
	}
}
