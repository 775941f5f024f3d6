package org.ride.core.train;

import java.util.Arrays;
import java.util.List;

/**
 * What happened in one {@link RideTrainer} run, in a form a model file can store (plain arrays).
 *
 * @param lossBits        training loss per minibatch in bits per pixel and channel, <b>without</b> the
 *                        Jacobian (spec §7.4.7), in training order
 * @param lossStage       the 0-based curriculum stage of each {@code lossBits} entry
 * @param validationBits  per stage that reached its end: mean NLL of the held-out crops in bits/px, Jacobian
 *                        included (§8.1 step 4), of the stages this run completed; NaN when nothing
 *                        was held out
 * @param finetuneBits    per stage that reached its end: the final L-BFGS objective of the MCGSM refit (bits
 *                        per dimension on whitened data, §6.7); NaN when no refit ran
 * @param stagesCompleted stages whose batches (and refit) ran to the end, counting those before a resume
 * @param bestStage       the 0-based stage whose model was returned because its held-out NLL was the
 *                        lowest; −1 without validation
 * @param stopReason      why the run ended
 * @param notes           human-readable remarks (e.g. a stage that had fewer patches than one batch)
 */
public record TrainingLog(double[] lossBits, int[] lossStage, double[] validationBits, double[] finetuneBits,
	int stagesCompleted, int bestStage, StopReason stopReason, List<String> notes) {

	/** Why a training run ended. */
	public enum StopReason {
		/** every stage ran. */
		COMPLETED,
		/** the cancel token was set; the model is as of the last completed batch (or refit). */
		CANCELLED,
		/** a minibatch gave a non-finite loss or gradient; the model is as of the batch before it. */
		DIVERGED
	}

	public TrainingLog {
		lossBits = lossBits.clone();
		lossStage = lossStage.clone();
		validationBits = validationBits.clone();
		finetuneBits = finetuneBits.clone();
		notes = List.copyOf(notes);
	}

	@Override
	public double[] lossBits() { return lossBits.clone(); }

	@Override
	public int[] lossStage() { return lossStage.clone(); }

	@Override
	public double[] validationBits() { return validationBits.clone(); }

	@Override
	public double[] finetuneBits() { return finetuneBits.clone(); }

	public boolean cancelled() { return stopReason == StopReason.CANCELLED; }

	/** Mean training loss (bits/px) of the batches of one stage; NaN if it has none. */
	public double meanLoss(int stage) {
		double s = 0;
		int n = 0;
		for (int i = 0; i < lossBits.length; i++)
			if (lossStage[i] == stage) {
				s += lossBits[i];
				n++;
			}
		return n == 0 ? Double.NaN : s / n;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof TrainingLog t && Arrays.equals(lossBits, t.lossBits) && Arrays.equals(lossStage, t.lossStage)
			&& Arrays.equals(validationBits, t.validationBits) && Arrays.equals(finetuneBits, t.finetuneBits)
			&& stagesCompleted == t.stagesCompleted && bestStage == t.bestStage && stopReason == t.stopReason && notes.equals(t.notes);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(lossBits) * 31 + stagesCompleted;
	}
}
