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
 * @param beta1              ADAM β1 (ride.py decay1 0.9); unused by SGD
 * @param beta2              ADAM β2 (ride.py decay2 0.999); unused by SGD
 * @param addLayers          train.py {@code add_layer}: LSTM layers added at the start of stage k
 *                           ({@code addLayers[k]}); NB: stages beyond the list add none (no cycling), so
 *                           {@code {1}} gives a 2-layer model from the start, as the spec's 2/64 run
 */
public record TrainConfig(int[] patchSizes, double[] learningRates, double momentum, int batchSize,
	int epochsPerStage, Method method, int augment, int maxPatchesPerStage, boolean finetune,
	int finetuneMaxIter, int finetuneSamples, int finetuneValidation, double validationFraction,
	int whiteningSamples, long seed, double beta1, double beta2, int[] addLayers) {

	public enum Method { SGD, ADAM }

	public TrainConfig {
		if (patchSizes == null || learningRates == null || method == null || addLayers == null)
			throw new IllegalArgumentException("patch sizes, learning rates, method and addLayers must be given "
				+ "(use an empty addLayers array for none)");
		patchSizes = patchSizes.clone();
		learningRates = learningRates.clone();
		addLayers = addLayers.clone();
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
		if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
			throw new IllegalArgumentException("ADAM decays β1 = " + beta1 + ", β2 = " + beta2 + " must be in [0, 1); use 0.9 and 0.999");
		if (addLayers.length > patchSizes.length)
			throw new IllegalArgumentException("addLayers has " + addLayers.length + " entries but there are only "
				+ patchSizes.length + " stages; give at most one entry per stage");
		for (int a : addLayers)
			if (a < 0 || a > 7) throw new IllegalArgumentException("addLayers entry " + a + " must be in 0…7 (a model has at most 8 layers)");
	}

	/** The paper's settings (train.py defaults). */
	public static TrainConfig paper(long seed) {
		return new TrainConfig(new int[] { 8, 10, 12, 14, 16, 18, 20, 22 },
			new double[] { 1.0, 0.5, 0.1, 0.05, 0.01, 0.005, 0.001, 0.0005 }, 0.9, 50, 1, Method.SGD, 1, 0, true, 500,
			1_000_000, 100_000, 0, 500_000, seed, 0.9, 0.999, new int[0]);
	}

	/** A demo preset: the paper's curriculum shortened to four stages and capped patches per stage. */
	public static TrainConfig fast(long seed) {
		return new TrainConfig(new int[] { 8, 12, 16, 22 }, new double[] { 1.0, 0.1, 0.01, 0.001 }, 0.9, 50, 1, Method.SGD,
			1, 2000, true, 100, 200_000, 20_000, 0, 200_000, seed, 0.9, 0.999, new int[0]);
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

	/** LSTM layers to add at the start of stage k (0 beyond the list). */
	public int layersToAdd(int stage) {
		return stage < addLayers.length ? addLayers[stage] : 0;
	}

	// -- copies with one group of settings changed --

	/** Another curriculum: patch sizes and learning rates (cycled); addLayers is cut to the new stage count. */
	public TrainConfig withStages(int[] sizes, double[] rates) {
		int[] add = Arrays.copyOf(addLayers, Math.min(addLayers.length, sizes.length));
		return new TrainConfig(sizes, rates, momentum, batchSize, epochsPerStage, method, augment, maxPatchesPerStage,
			finetune, finetuneMaxIter, finetuneSamples, finetuneValidation, validationFraction, whiteningSamples, seed,
			beta1, beta2, add);
	}

	public TrainConfig withBatchSize(int b) {
		return new TrainConfig(patchSizes, learningRates, momentum, b, epochsPerStage, method, augment,
			maxPatchesPerStage, finetune, finetuneMaxIter, finetuneSamples, finetuneValidation, validationFraction,
			whiteningSamples, seed, beta1, beta2, addLayers);
	}

	/** SGD with momentum μ, or ADAM with decays β1, β2 (momentum kept for SGD). */
	public TrainConfig withMethod(Method m, double mu, double b1, double b2) {
		return new TrainConfig(patchSizes, learningRates, mu, batchSize, epochsPerStage, m, augment, maxPatchesPerStage,
			finetune, finetuneMaxIter, finetuneSamples, finetuneValidation, validationFraction, whiteningSamples, seed,
			b1, b2, addLayers);
	}

	/** Augmentation level, patch cap per stage (0 = all) and epochs per stage. */
	public TrainConfig withData(int aug, int maxPatches, int epochs) {
		return new TrainConfig(patchSizes, learningRates, momentum, batchSize, epochs, method, aug, maxPatches,
			finetune, finetuneMaxIter, finetuneSamples, finetuneValidation, validationFraction, whiteningSamples, seed,
			beta1, beta2, addLayers);
	}

	public TrainConfig withFinetune(boolean on, int maxIter, int samples, int validation) {
		return new TrainConfig(patchSizes, learningRates, momentum, batchSize, epochsPerStage, method, augment,
			maxPatchesPerStage, on, maxIter, samples, validation, validationFraction, whiteningSamples, seed, beta1,
			beta2, addLayers);
	}

	public TrainConfig withValidationFraction(double f) {
		return new TrainConfig(patchSizes, learningRates, momentum, batchSize, epochsPerStage, method, augment,
			maxPatchesPerStage, finetune, finetuneMaxIter, finetuneSamples, finetuneValidation, f, whiteningSamples,
			seed, beta1, beta2, addLayers);
	}

	public TrainConfig withWhiteningSamples(int n) {
		return new TrainConfig(patchSizes, learningRates, momentum, batchSize, epochsPerStage, method, augment,
			maxPatchesPerStage, finetune, finetuneMaxIter, finetuneSamples, finetuneValidation, validationFraction, n,
			seed, beta1, beta2, addLayers);
	}

	public TrainConfig withSeed(long s) {
		return new TrainConfig(patchSizes, learningRates, momentum, batchSize, epochsPerStage, method, augment,
			maxPatchesPerStage, finetune, finetuneMaxIter, finetuneSamples, finetuneValidation, validationFraction,
			whiteningSamples, s, beta1, beta2, addLayers);
	}

	public TrainConfig withAddLayers(int... perStage) {
		return new TrainConfig(patchSizes, learningRates, momentum, batchSize, epochsPerStage, method, augment,
			maxPatchesPerStage, finetune, finetuneMaxIter, finetuneSamples, finetuneValidation, validationFraction,
			whiteningSamples, seed, beta1, beta2, perStage);
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
	public int[] addLayers() {
		return addLayers.clone();
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof TrainConfig t && Arrays.equals(patchSizes, t.patchSizes)
			&& Arrays.equals(learningRates, t.learningRates) && momentum == t.momentum && batchSize == t.batchSize
			&& epochsPerStage == t.epochsPerStage && method == t.method && augment == t.augment
			&& maxPatchesPerStage == t.maxPatchesPerStage && finetune == t.finetune
			&& finetuneMaxIter == t.finetuneMaxIter && finetuneSamples == t.finetuneSamples
			&& finetuneValidation == t.finetuneValidation && validationFraction == t.validationFraction
			&& whiteningSamples == t.whiteningSamples && seed == t.seed && beta1 == t.beta1 && beta2 == t.beta2
			&& Arrays.equals(addLayers, t.addLayers);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(patchSizes) * 31 + Long.hashCode(seed);
	}
}
