package org.ride.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleFunction;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.mcgsm.TrainFlags;
import org.ride.core.model.Ride;
import org.ride.core.nd.NdInit;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.neighbourhood.NeighbourhoodSamples;
import org.ride.core.optim.Adam;
import org.ride.core.optim.LbfgsResult;
import org.ride.core.optim.Optimizer;
import org.ride.core.optim.Sgd;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.train.TrainingLog.StopReason;
import org.ride.core.whitening.Whitening;

/**
 * Trains a {@link Ride} on images with the paper's curriculum (spec §7.4, §7.5, §8.1; pitfalls 9, 10,
 * 13–16). One run:
 * <ol>
 * <li>hold out round(validationFraction·N) images (at least 1 if the fraction is &gt; 0), chosen by the
 * seed; they are not augmented;</li>
 * <li>augment the rest: + left-right mirrors (augment ≥ 1), + up-down mirrors of everything (augment 2);</li>
 * <li>if the model has no whitening: fit it once on at most {@code whiteningSamples} (neighbourhood,
 * pixel) pairs at uniformly random grid positions of the augmented training images (each image
 * contributes in proportion to its grid size), biased covariance as {@link Whitening#fit}; it stays
 * frozen (pitfall 9). NB: the original fits it on the first stage's patches; random positions of the
 * whole images are the same distribution without the patch-border loss;</li>
 * <li>for each stage k: add {@code addLayers[k]} LSTM layers ({@link Ride#withAddedLayer}, new MCGSM,
 * pitfall 13); take the non-overlapping p_k×p_k patches in random order ({@link PatchSet}); run
 * {@code epochsPerStage} passes of minibatches of {@code batchSize} (the incomplete last batch is
 * dropped; a stage with fewer patches than one batch trains on all of them as one batch), each: extract
 * → whiten → {@link Ride#lossAndGradient} → ONE optimiser step over every LSTM array and the MCGSM flat
 * vector (DOUBLE), a fresh optimiser per stage (momentum/ADAM state reset, pitfall 14) with the stage's
 * learning rate; then the MCGSM refit ({@link Finetune}); then, with held-out images, the validation NLL:
 * if it is worse than after the previous stage, the model before this stage is restored and training
 * stops (§8.1 step 6.5).</li>
 * </ol>
 * The loss of every batch is f/(ln2·C) bits/px without the Jacobian. The model passed in is trained in
 * place; use {@link TrainResult#model()}, which differs from it after {@code add_layer} or a validation
 * restore. Cancel is polled once per batch (and by L-BFGS once per iteration); the run then ends cleanly
 * with the model as of the last completed update (a cancel before the whitening fit returns the model
 * without one). Progress: stage "stage k/n (patch p)", step/total batches, message "loss L bits/px (mean
 * of last m), ETA t"; then "… finetune" (hidden states, then L-BFGS iterations) and "… validation". Reproducible: every random choice comes from
 * {@link Streams} of {@code TrainConfig.seed}; the same seed, data and model give bit-identical results
 * (on one machine and thread count).
 * <p>
 * NB: unlike the original, the last update of a stage is written back (its off-by-one is harmless);
 * with several epochs the patch order stays the same in every epoch, as in ride.py.
 */
public final class RideTrainer {

	static final TrainFlags FLAGS = TrainFlags.DEFAULT; // train_means off (§8.1)

	private final TrainConfig cfg;
	private final Progress progress;
	private final CancelToken cancel;
	/** Makes the optimiser of a stage from its learning rate (package-private so tests can spy on it). */
	DoubleFunction<Optimizer> optimizers;
	private final LogBuilder log = new LogBuilder();

	RideTrainer(TrainConfig cfg, Progress progress, CancelToken cancel) {
		if (cfg == null || progress == null || cancel == null) throw new IllegalArgumentException(
			"config, progress and cancel must not be null; use Progress.NONE / CancelToken.NONE");
		this.cfg = cfg;
		this.progress = progress;
		this.cancel = cancel;
		optimizers = lr -> cfg.method() == TrainConfig.Method.SGD ? new Sgd(lr, cfg.momentum())
			: new Adam(lr, cfg.beta1(), cfg.beta2());
	}

	/**
	 * Trains {@code model} on {@code images} (data units, equal channel count = the model's, sizes may
	 * differ; each at least the first stage's patch size).
	 */
	public static TrainResult train(Ride model, List<TrainImage> images, TrainConfig config, Progress progress,
		CancelToken cancel) {
		return new RideTrainer(config, progress, cancel).run(model, images);
	}

	/** As {@link #train(Ride, List, TrainConfig, Progress, CancelToken)} for equally sized flat images. */
	public static TrainResult train(Ride model, List<float[]> images, int width, int height, TrainConfig config,
		Progress progress, CancelToken cancel) {
		if (images == null) throw new IllegalArgumentException("no training images given (null); pass at least one");
		List<TrainImage> list = new ArrayList<>();
		for (float[] im : images) list.add(new TrainImage(im, width, height));
		return train(model, list, config, progress, cancel);
	}

	TrainResult run(Ride model, List<TrainImage> images) {
		NdInit.ensure();
		if (model == null) throw new IllegalArgumentException("no model given (null); create a Ride first");
		TrainData data = TrainData.of(images, model.mask(), cfg);
		if (!model.hasWhitening()) {
			if (cancel.isCancelled()) return result(model, StopReason.CANCELLED);
			progress.report("whitening", 0, 1, "fitting the conditional whitening");
			model.setWhitening(fitWhitening(data.train(), model.mask(), cfg.whiteningSamples(),
				Streams.of(cfg.seed(), Streams.WHITENING, 0)));
		}
		HeldOut heldOut = data.heldOut().isEmpty() ? null : new HeldOut(data.heldOut(), model.mask());
		Ride current = model;
		double previous = Double.POSITIVE_INFINITY;
		for (int k = 0; k < cfg.numStages(); k++) {
			if (cancel.isCancelled()) return result(current, StopReason.CANCELLED);
			Ride before = heldOut == null ? null : RideCopy.of(current);
			for (int a = 0; a < cfg.layersToAdd(k); a++)
				current = current.withAddedLayer(Streams.of(cfg.seed(), Streams.LAYER, 8 * k + a));
			PatchSet ps = PatchSet.of(data.train(), cfg.patchSize(k), cfg.maxPatchesPerStage(),
				Streams.of(cfg.seed(), Streams.SHUFFLE, k));
			String stage = String.format(Locale.ROOT, "stage %d/%d (patch %d)", k + 1, cfg.numStages(), cfg.patchSize(k));
			StopReason stop = new StageLoop(current, ps, k, stage, cfg, optimizers.apply(cfg.learningRate(k)), progress,
				cancel, log).run();
			if (stop != null) return result(current, stop);
			double ft = finetune(current, ps, k, stage);
			if (Double.isInfinite(ft)) return result(current, StopReason.CANCELLED);
			double v = Double.NaN;
			if (heldOut != null) {
				progress.report(stage + " validation", 0, 1, "held-out NLL of " + heldOut.numCrops() + " crops");
				v = heldOut.bitsPerPixel(current);
				if (!(v <= previous)) {
					log.note(String.format(Locale.ROOT, "%s: held-out NLL %.4f bits/px is worse than %.4f; restored the "
						+ "model before this stage and stopped", stage, v, previous));
					log.stage(ft, v);
					return result(before, StopReason.VALIDATION_WORSE);
				}
				previous = v;
			}
			log.stage(ft, v);
			log.completed++;
		}
		return result(current, StopReason.COMPLETED);
	}

	/** The refit's final objective (bits/dim), NaN if none ran, +∞ if it was cancelled. */
	private double finetune(Ride m, PatchSet ps, int k, String stage) {
		if (!cfg.finetune() || cfg.finetuneMaxIter() == 0) return Double.NaN;
		LbfgsResult r = Finetune.run(m, ps, cfg, FLAGS, Streams.of(cfg.seed(), Streams.FINETUNE, k), stage, progress,
			cancel);
		return r == null || r.stopReason() == LbfgsResult.StopReason.CANCELLED ? Double.POSITIVE_INFINITY : r.value();
	}

	private TrainResult result(Ride m, StopReason why) {
		return new TrainResult(m, log.build(why));
	}

	/** Whitening from random grid positions of the training images, in proportion to their grid sizes. */
	static Whitening fitWhitening(List<TrainImage> images, CausalMask mask, int maxSamples, Random rng) {
		long total = 0;
		long[] avail = new long[images.size()];
		for (int b = 0; b < images.size(); b++) {
			TrainImage im = images.get(b);
			avail[b] = (long) mask.gridRows(im.width(), im.height()) * mask.gridCols(im.width(), im.height());
			total += avail[b];
		}
		List<INDArray> xs = new ArrayList<>(), ys = new ArrayList<>();
		for (int b = 0; b < images.size(); b++) {
			int n = (int) (total <= maxSamples ? avail[b] : avail[b] * maxSamples / total);
			if (n == 0) continue;
			TrainImage im = images.get(b);
			NeighbourhoodSamples s = NeighbourhoodSamples.random(im.pixels(), im.width(), im.height(), mask, n, rng,
				DataType.DOUBLE);
			xs.add(s.inputs());
			ys.add(s.outputs());
		}
		INDArray x = xs.size() == 1 ? xs.get(0) : Nd4j.vstack(xs), y = ys.size() == 1 ? ys.get(0) : Nd4j.vstack(ys);
		return Whitening.fit(x.transpose(), y.transpose(), maxSamples, rng);
	}
}
