package org.ride.core.train;

import java.util.Arrays;

/**
 * How a RIDE model is trained (spec §7.4, §7.5, §8.1; pitfalls 14–16). Defaults are the paper's
 * {@code train.py}: eight curriculum stages with patch sizes 8→22 and learning rates 1→5e-4, SGD with
 * momentum 0.9 reset at every stage, batches of 50 (the incomplete last batch is dropped), one epoch
 * per stage, mirrored augmentation, and an L-BFGS refit of the MCGSM (LSTM frozen) after every stage.
 *
 * @param patchSizes         side of the square training patches, one per stage
 * @param learningRates      one per stage; cycled if shorter than {@code patchSizes} (as train.py)
 * @param momentum           μ in v ← μv − g; θ ← θ + lr·v
 * @param batchSize          patches per minibatch
 * @param epochsPerStage     passes over the stage's patches
 * @param method             SGD (paper) or ADAM
 * @param augment            0: none, 1: + left-right mirrors, 2: + up-down mirrors of everything
 * @param maxPatchesPerStage random subset of a stage's patches (0 = all)
 * @param finetune           L-BFGS refit of the MCGSM after every stage
 * @param finetuneMaxIter    L-BFGS iterations per refit (train.py: 500)
 * @param finetuneSamples    (hidden state, pixel) pairs for the refit (train.py: 1,000,000)
 * @param finetuneValidation pairs held out for early stopping of the refit (ride.py: 100,000)
 * @param validationFraction fraction of images held out to validate after every stage (0 = none); a
 *                           stage that makes the validation loss worse is undone and training stops
 * @param whiteningSamples   pairs used to fit the conditional whitening once (§4.1: 500,000)
 * @param seed               every random choice of training flows from this seed
 */
public record TrainConfig(int[] patchSizes, double[] learningRates, double momentum, int batchSize,
	int epochsPerStage, Method method, int augment, int maxPatchesPerStage, boolean finetune,
	int finetuneMaxIter, int finetuneSamples, int finetuneValidation, double validationFraction,
	int whiteningSamples, long seed) {

	public enum Method { SGD, ADAM }

	public TrainConfig {
		patchSizes = patchSizes.clone();
		learningRates = learningRates.clone();
		if (patchSizes.length == 0) throw new IllegalArgumentException("at least one curriculum stage (patch size) is needed");
		for (int p : patchSizes)
			if (p < 3) throw new IllegalArgumentException("patch size " + p + " is too small; use patches of at least the causal window (e.g. 8)");
		if (learningRates.length == 0) throw new IllegalArgumentException("at least one learning rate is needed");
		for (double lr : learningRates)
			if (!(lr > 0) || !Double.isFinite(lr)) throw new IllegalArgumentException("learning rate " + lr + " must be a positive number");
		if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum " + momentum + " must be in [0, 1)");
		if (batchSize < 1) throw new IllegalArgumentException("batch size " + batchSize + " must be ≥ 1");
		if (epochsPerStage < 1) throw new IllegalArgumentException("epochs per stage " + epochsPerStage + " must be ≥ 1");
		if (augment < 0 || augment > 2) throw new IllegalArgumentException("augment " + augment + " must be 0, 1 or 2");
		if (maxPatchesPerStage < 0) throw new IllegalArgumentException("max patches per stage must be ≥ 0 (0 = all)");
		if (finetuneMaxIter < 0 || finetuneSamples < 1 || finetuneValidation < 0)
			throw new IllegalArgumentException("finetune settings must be non-negative (samples ≥ 1)");
		if (!(validationFraction >= 0 && validationFraction < 1))
			throw new IllegalArgumentException("validation fraction " + validationFraction + " must be in [0, 1)");
		if (whiteningSamples < 100) throw new IllegalArgumentException("whitening needs at least 100 samples, not " + whiteningSamples);
	}

	/** The paper's settings (train.py defaults). */
	public static TrainConfig paper(long seed) {
		return new TrainConfig(new int[] { 8, 10, 12, 14, 16, 18, 20, 22 },
			new double[] { 1.0, 0.5, 0.1, 0.05, 0.01, 0.005, 0.001, 0.0005 }, 0.9, 50, 1, Method.SGD, 1, 0, true, 500,
			1_000_000, 100_000, 0, 500_000, seed);
	}

	/** A demo preset: the paper's curriculum shortened to four stages and capped patches per stage. */
	public static TrainConfig fast(long seed) {
		return new TrainConfig(new int[] { 8, 12, 16, 22 }, new double[] { 1.0, 0.1, 0.01, 0.001 }, 0.9, 50, 1, Method.SGD,
			1, 2000, true, 100, 200_000, 20_000, 0, 200_000, seed);
	}

	public int numStages() {
		return patchSizes.length;
	}

	/** Learning rate of stage k; the list cycles as in train.py. */
	public double learningRate(int stage) {
		return learningRates[stage % learningRates.length];
	}

	public int patchSize(int stage) {
		return patchSizes[stage];
	}

	@Override
	public int[] patchSizes() {
		return patchSizes.clone();
	}

	@Override
	public double[] learningRates() {
		return learningRates.clone();
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof TrainConfig t && Arrays.equals(patchSizes, t.patchSizes)
			&& Arrays.equals(learningRates, t.learningRates) && momentum == t.momentum && batchSize == t.batchSize
			&& epochsPerStage == t.epochsPerStage && method == t.method && augment == t.augment
			&& maxPatchesPerStage == t.maxPatchesPerStage && finetune == t.finetune
			&& finetuneMaxIter == t.finetuneMaxIter && finetuneSamples == t.finetuneSamples
			&& finetuneValidation == t.finetuneValidation && validationFraction == t.validationFraction
			&& whiteningSamples == t.whiteningSamples && seed == t.seed;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(patchSizes) * 31 + Long.hashCode(seed);
	}
}
