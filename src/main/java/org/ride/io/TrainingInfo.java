package org.ride.io;

import java.util.Arrays;

import org.ride.core.train.TrainConfig;

/**
 * How a RIDE model was trained and how far training got (model file {@code training} section,
 * {@code docs/model-format.md} §2.5; spec §7.4, §7.5, §8.1). Arrays are copied in and out.
 *
 * @param config     the settings used (every field is stored)
 * @param stagesDone curriculum stages completed (0 … {@code config.numStages()}); lets training resume
 * @param loss       training loss of every minibatch, in bits per pixel and channel, in order
 * @param lossValid  validation loss after every stage in bits per pixel (empty without validation)
 * @param seconds    wall-clock training time
 * @param cancelled  whether training was stopped before its last stage
 */
public record TrainingInfo(TrainConfig config, int stagesDone, double[] loss, double[] lossValid, double seconds,
	boolean cancelled) {

	public TrainingInfo {
		if (config == null) throw new IllegalArgumentException("training info needs the TrainConfig that was used");
		if (stagesDone < 0 || stagesDone > config.numStages())
			throw new IllegalArgumentException("stages done is " + stagesDone + " but the curriculum has "
				+ config.numStages() + " stages; pass 0 … " + config.numStages());
		if (!(seconds >= 0) || Double.isInfinite(seconds))
			throw new IllegalArgumentException("training time is " + seconds + " s; it must be a finite number ≥ 0");
		loss = loss == null ? new double[0] : loss.clone();
		lossValid = lossValid == null ? new double[0] : lossValid.clone();
	}

	@Override
	public double[] loss() {
		return loss.clone();
	}

	@Override
	public double[] lossValid() {
		return lossValid.clone();
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof TrainingInfo t && config.equals(t.config) && stagesDone == t.stagesDone
			&& Arrays.equals(loss, t.loss) && Arrays.equals(lossValid, t.lossValid)
			&& Double.compare(seconds, t.seconds) == 0 && cancelled == t.cancelled;
	}

	@Override
	public int hashCode() {
		return (config.hashCode() * 31 + stagesDone) * 31 + Arrays.hashCode(loss);
	}

	@Override
	public String toString() {
		return "TrainingInfo[stagesDone=" + stagesDone + ", batches=" + loss.length + ", seconds=" + seconds
			+ ", cancelled=" + cancelled + ", config=" + config + "]";
	}
}
