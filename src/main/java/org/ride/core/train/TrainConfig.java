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
 * @param validationFraction fraction of the images' tiles held out (no training patch touches them) and
 *                           scored after every stage (0 = none); the model of the best-scoring stage is
 *                           the one returned (see {@link TrainData})
 * @param whiteningSamples   pairs used to fit the conditional whitening once (§4.1: 500,000)
 * @param seed               every random choice of training flows from this seed
 * @param beta1              ADAM β1 (ride.py decay1 0.9); unused by SGD
 * @param beta2              ADAM β2 (ride.py decay2 0.999); unused by SGD
 * @param addLayers          train.py {@code add_layer}: LSTM layers added at the start of stage k
 *                           ({@code addLayers[k]}); NB: stages beyond the list add none (no cycling), so
 *                           {@code {1}} gives a 2-layer model from the start, as the spec's 2/64 run
 * @param minutes            wall-clock budget of a run in minutes (0 = none): the time left is shared
 *                           equally by the stages still to run, and each stage runs as many epochs as
 *                           its share allows (at least one batch; {@code epochsPerStage} is then
 *                           ignored), then refits the MCGSM within the rest of its share
 * @param randomPatches      each epoch draws {@code maxPatchesPerStage} patches at uniformly random
 *                           (overlapping) offsets of the (mirrored) images instead of taking the
 *                           non-overlapping grid of patches once
 */
public record TrainConfig(int[] patchSizes, double[] learningRates, double momentum, int batchSize,
	int epochsPerStage, Method method, int augment, int maxPatchesPerStage, boolean finetune,
	int finetuneMaxIter, int finetuneSamples, int finetuneValidation, double validationFraction,
	int whiteningSamples, long seed, double beta1, double beta2, int[] addLayers, double minutes,
	boolean randomPatches) {

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
		if (!(minutes >= 0) || Double.isInfinite(minutes))
			throw new IllegalArgumentException("time budget " + minutes + " min must be a finite number ≥ 0 (0 = none)");
		if (randomPatches && maxPatchesPerStage == 0) throw new IllegalArgumentException("random patch offsets need a "
			+ "number of patches per epoch; set maxPatchesPerStage (max_patches), e.g. 2000");
		for (int a : addLayers)
			if (a < 0 || a > 7) throw new IllegalArgumentException("addLayers entry " + a + " must be in 0…7 (a model has at most 8 layers)");
	}

	/** The paper's settings (train.py defaults). */
	public static TrainConfig paper(long seed) {
		return new TrainConfig(new int[] { 8, 10, 12, 14, 16, 18, 20, 22 },
			new double[] { 1.0, 0.5, 0.1, 0.05, 0.01, 0.005, 0.001, 0.0005 }, 0.9, 50, 1, Method.SGD, 1, 0, true, 500,
			1_000_000, 100_000, 0, 500_000, seed, 0.9, 0.999, new int[0], 0, false);
	}

	/**
	 * About one minute: four stages 8→22, 1,000 random patches per epoch, ADAM (stable across the refits,
	 * see {@link RideTrainer}), 10 % of the image held out for the best-stage choice.
	 */
	public static TrainConfig fast(long seed) {
		return new TrainConfig(new int[] { 8, 12, 16, 22 }, new double[] { 1e-3, 7e-4, 5e-4, 3e-4 }, 0.9, 50, 1,
			Method.ADAM, 1, 1000, true, 50, 50_000, 10_000, 0.1, 100_000, seed, 0.9, 0.999, new int[0], 1, true);
	}

	/**
	 * About ten minutes: the paper's eight stages 8→22 with 2,000 random patches per epoch, ADAM with the
	 * rates 1e-3 → 1e-4 that keep RIDE 2/64 stable (BENCHMARKS.md), 10 % held out.
	 */
	public static TrainConfig standard(long seed) {
		return new TrainConfig(new int[] { 8, 10, 12, 14, 16, 18, 20, 22 },
			new double[] { 1e-3, 7e-4, 5e-4, 3e-4, 2e-4, 1.5e-4, 1.2e-4, 1e-4 }, 0.9, 50, 1, Method.ADAM, 1, 2000, true,
			100, 200_000, 20_000, 0.1, 200_000, seed, 0.9, 0.999, new int[0], 10, true);
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
			beta1, beta2, add, minutes, randomPatches);
	}

	public TrainConfig withBatchSize(int b) {
		return new TrainConfig(patchSizes, learningRates, momentum, b, epochsPerStage, method, augment,
			maxPatchesPerStage, finetune, finetuneMaxIter, finetuneSamples, finetuneValidation, validationFraction,
			whiteningSamples, seed, beta1, beta2, addLayers, minutes, randomPatches);
	}

	/** SGD with momentum μ, or ADAM with decays β1, β2 (momentum kept for SGD). */
	public TrainConfig withMethod(Method m, double mu, double b1, double b2) {
		return new TrainConfig(patchSizes, learningRates, mu, batchSize, epochsPerStage, m, augment, maxPatchesPerStage,
			finetune, finetuneMaxIter, finetuneSamples, finetuneValidation, validationFraction, whiteningSamples, seed,
			b1, b2, addLayers, minutes, randomPatches);
	}

	/** Augmentation level, patch cap per stage (0 = all) and epochs per stage. */
	public TrainConfig withData(int aug, int maxPatches, int epochs) {
		return new TrainConfig(patchSizes, learningRates, momentum, batchSize, epochs, method, aug, maxPatches,
			finetune, finetuneMaxIter, finetuneSamples, finetuneValidation, validationFraction, whiteningSamples, seed,
			beta1, beta2, addLayers, minutes, randomPatches);
	}

	public TrainConfig withFinetune(boolean on, int maxIter, int samples, int validation) {
		return new TrainConfig(patchSizes, learningRates, momentum, batchSize, epochsPerStage, method, augment,
			maxPatchesPerStage, on, maxIter, samples, validation, validationFraction, whiteningSamples, seed, beta1,
			beta2, addLayers, minutes, randomPatches);
	}

	public TrainConfig withValidationFraction(double f) {
		return new TrainConfig(patchSizes, learningRates, momentum, batchSize, epochsPerStage, method, augment,
			maxPatchesPerStage, finetune, finetuneMaxIter, finetuneSamples, finetuneValidation, f, whiteningSamples,
			seed, beta1, beta2, addLayers, minutes, randomPatches);
	}

	public TrainConfig withWhiteningSamples(int n) {
		return new TrainConfig(patchSizes, learningRates, momentum, batchSize, epochsPerStage, method, augment,
			maxPatchesPerStage, finetune, finetuneMaxIter, finetuneSamples, finetuneValidation, validationFraction, n,
			seed, beta1, beta2, addLayers, minutes, randomPatches);
	}

	public TrainConfig withSeed(long s) {
		return new TrainConfig(patchSizes, learningRates, momentum, batchSize, epochsPerStage, method, augment,
			maxPatchesPerStage, finetune, finetuneMaxIter, finetuneSamples, finetuneValidation, validationFraction,
			whiteningSamples, s, beta1, beta2, addLayers, minutes, randomPatches);
	}

	public TrainConfig withAddLayers(int... perStage) {
		return new TrainConfig(patchSizes, learningRates, momentum, batchSize, epochsPerStage, method, augment,
			maxPatchesPerStage, finetune, finetuneMaxIter, finetuneSamples, finetuneValidation, validationFraction,
			whiteningSamples, seed, beta1, beta2, perStage, minutes, randomPatches);
	}

	/** A wall-clock budget in minutes for the whole run (0 = none, epochs per stage as given). */
	public TrainConfig withMinutes(double m) {
		return new TrainConfig(patchSizes, learningRates, momentum, batchSize, epochsPerStage, method, augment,
			maxPatchesPerStage, finetune, finetuneMaxIter, finetuneSamples, finetuneValidation, validationFraction,
			whiteningSamples, seed, beta1, beta2, addLayers, m, randomPatches);
	}

	/** Random overlapping patch offsets, {@code maxPatchesPerStage} per epoch (true), or the fixed grid. */
	public TrainConfig withRandomPatches(boolean on) {
		return new TrainConfig(patchSizes, learningRates, momentum, batchSize, epochsPerStage, method, augment,
			maxPatchesPerStage, finetune, finetuneMaxIter, finetuneSamples, finetuneValidation, validationFraction,
			whiteningSamples, seed, beta1, beta2, addLayers, minutes, on);
	}

	/** True when {@link #minutes()} sets a budget. */
	public boolean hasBudget() {
		return minutes > 0;
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
			&& Arrays.equals(addLayers, t.addLayers) && minutes == t.minutes && randomPatches == t.randomPatches;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(patchSizes) * 31 + Long.hashCode(seed);
	}
}
