package org.ride.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleFunction;
import java.util.function.IntFunction;

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
 * <li>hold out round(validationFraction·#tiles) tiles of the images (at least 1 if the fraction is &gt; 0,
 * chosen by the seed, see {@link TrainData}); no training patch touches them;</li>
 * <li>augment the rest: + left-right mirrors (augment ≥ 1), + up-down mirrors of everything (augment 2);</li>
 * <li>if the model has no whitening: fit it once on at most {@code whiteningSamples} (neighbourhood,
 * pixel) pairs at uniformly random grid positions of the augmented training images (each image
 * contributes in proportion to its grid size), biased covariance as {@link Whitening#fit}; it stays
 * frozen (pitfall 9). NB: the original fits it on the first stage's patches; random positions of the
 * whole images are the same distribution without the patch-border loss;</li>
 * <li>for each stage k: add {@code addLayers[k]} LSTM layers ({@link Ride#withAddedLayer}, new MCGSM,
 * pitfall 13); run epochs of minibatches of {@code batchSize} over p_k×p_k patches — the shuffled
 * non-overlapping grid, or {@code maxPatchesPerStage} fresh random offsets per epoch ({@link PatchSet}) —
 * {@code epochsPerStage} of them, or with a time budget as many as the stage's share allows; each batch:
 * extract → whiten → {@link Ride#lossAndGradient} → ONE optimiser step over every LSTM array and the
 * MCGSM flat vector (DOUBLE), a fresh optimiser per stage (momentum/ADAM state reset, pitfall 14) with
 * the stage's learning rate; then the MCGSM refit ({@link Finetune}); then, with held-out tiles, their
 * NLL. The model of the stage with the lowest held-out NLL is the one returned.</li>
 * </ol>
 * <b>Time budget</b> ({@code minutes} &gt; 0): at the start of stage k the time left is divided equally
 * by the n − k stages left; the batches get {@link #SGD_SHARE} of that share, the refit the rest (L-BFGS
 * stops at the end of the share with its best parameters), so the run ends within one batch, one L-BFGS
 * iteration and one validation pass of the budget. From the second stage on the batches get the share less
 * what the previous stage's refit and validation took (if that is more), since a refit that converges
 * early would otherwise leave the last stage's reserve unused and end the run early.
 * <p>
 * <b>Why the presets use ADAM.</b> After SGD at lr 1.0 the MCGSM hardly depends on the LSTM's hidden
 * states yet; the L-BFGS refit then fits it to them and raises its precisions, so the loss becomes far
 * more sensitive to the LSTM: on the demo's 128×128 grass crop the LSTM gradient norm at the next batch is
 * 185× what it is without the refit (0.0086 → 1.59) and the largest log-scale α goes from 1.08 to 2.30
 * ({@code scripts/bench-refit-sharpness.sh}). The next stage's SGD rate (0.1), sized for the flat
 * pre-refit loss, is then far beyond the stability limit and the loss jumps (1.99 → 7.5 bits/px within
 * four batches), while SGD on the MCGSM alone stays stable. ADAM's steps are scaled by the gradients' own
 * size and stay stable (1.99 → 1.89 over the same batches; {@code RefitStabilityTest}).
 * <p>
 * The loss of every batch is f/(ln2·C) bits/px without the Jacobian. The model passed in is trained in
 * place; use {@link TrainResult#model()}, which differs from it after {@code add_layer} or when an
 * earlier stage validated best. Cancel is polled once per batch (and by L-BFGS once per iteration); the
 * run then ends cleanly with the model as of the last completed update (a cancel before the whitening fit
 * returns the model without one); {@link #resume} continues such a model. Progress: stage "stage k/n
 * (patch p)", step/total batches, message "loss L bits/px (mean of last m), ETA t"; then "… finetune"
 * (hidden states, then L-BFGS iterations), "… validation" and "… done" ("train T bits/px (stage mean),
 * validation V bits/px …"). Reproducible: every random choice comes from {@link Streams} of
 * {@code TrainConfig.seed}; the same seed, data and model give bit-identical results (on one machine and
 * thread count) when there is no time budget.
 * <p>
 * NB: unlike the original, the last update of a stage is written back (its off-by-one is harmless);
 * with several epochs of grid patches the patch order stays the same in every epoch, as in ride.py.
 */
public final class RideTrainer {

	static final TrainFlags FLAGS = TrainFlags.DEFAULT; // train_means off (§8.1)

	private final TrainConfig cfg;
	private final Progress progress;
	private final CancelToken cancel;
	/** Makes the optimiser of a stage from its learning rate (package-private so tests can spy on it). */
	DoubleFunction<Optimizer> optimizers;
	private final LogBuilder log = new LogBuilder();
	/** Part of a stage's time share for its batches; the rest is for the refit and validation. */
	static final double SGD_SHARE = 0.75;
	/** Random streams per stage for the epochs' patch offsets. */
	private static final int EPOCH_STREAMS = 1 << 16;
	private Ride best;
	private double bestBits = Double.POSITIVE_INFINITY;

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

	/**
	 * Continues training {@code model} at stage {@code firstStage} (0-based; a model file's
	 * {@code stages_done}): the stages before it are skipped, every later stage draws exactly the random
	 * numbers it would draw in an uninterrupted run with the same seed, and the model passed in counts as
	 * the best so far (it is scored on the held-out tiles first). A stage cancelled half-way is run again
	 * from its start, continuing from the weights it had reached.
	 */
	public static TrainResult resume(Ride model, List<TrainImage> images, TrainConfig config, int firstStage,
		Progress progress, CancelToken cancel) {
		if (firstStage < 0 || firstStage > config.numStages()) throw new IllegalArgumentException("cannot resume at "
			+ "stage " + (firstStage + 1) + ": the curriculum has " + config.numStages() + " stages");
		if (firstStage > 0 && !model.hasWhitening()) throw new IllegalArgumentException("the model to resume has no "
			+ "whitening, so it never finished a stage; start a new training run instead");
		return new RideTrainer(config, progress, cancel).run(model, images, firstStage);
	}

	TrainResult run(Ride model, List<TrainImage> images) {
		return run(model, images, 0);
	}

	TrainResult run(Ride model, List<TrainImage> images, int firstStage) {
		NdInit.ensure();
		long t0 = System.nanoTime(), end = cfg.hasBudget() ? t0 + (long) (cfg.minutes() * 60e9) : Long.MAX_VALUE;
		if (model == null) throw new IllegalArgumentException("no model given (null); create a Ride first");
		TrainData data = TrainData.of(images, model.mask(), cfg);
		log.completed = firstStage;
		if (!model.hasWhitening()) {
			if (cancel.isCancelled()) return result(model, StopReason.CANCELLED);
			progress.report("whitening", 0, 1, "fitting the conditional whitening");
			model.setWhitening(fitWhitening(data.train(), model.mask(), cfg.whiteningSamples(),
				Streams.of(cfg.seed(), Streams.WHITENING, 0)));
		}
		HeldOut heldOut = data.heldOut().isEmpty() ? null : new HeldOut(data.heldOut(), data.tileSide(), model.mask());
		Ride current = model;
		if (heldOut != null && firstStage > 0) keepIfBest(current, heldOut.bitsPerPixel(current), firstStage - 1);
		int n = cfg.numStages();
		long tail = -1; // the previous stage's refit + validation time: this stage's estimate
		for (int k = firstStage; k < n; k++) {
			if (cancel.isCancelled()) return result(current, StopReason.CANCELLED);
			for (int a = 0; a < cfg.layersToAdd(k); a++)
				current = current.withAddedLayer(Streams.of(cfg.seed(), Streams.LAYER, 8 * k + a));
			long now = System.nanoTime(), slice = end == Long.MAX_VALUE ? 0 : Math.max(0, (end - now) / (n - k));
			long sgd = tail < 0 ? (long) (SGD_SHARE * slice) : Math.max((long) (SGD_SHARE * slice), slice - tail);
			long sgdEnd = end == Long.MAX_VALUE ? Long.MAX_VALUE : now + sgd;
			long stageEnd = end == Long.MAX_VALUE ? Long.MAX_VALUE : now + slice;
			String stage = String.format(Locale.ROOT, "stage %d/%d (patch %d)", k + 1, n, cfg.patchSize(k));
			StageLoop loop = new StageLoop(current, epochs(data, k), sgdEnd, k, stage, cfg,
				optimizers.apply(cfg.learningRate(k)), progress, cancel, log);
			StopReason stop = loop.run();
			if (stop == StopReason.CANCELLED) return result(current, stop);
			if (stop != null) return result(best != null ? best : current, stop);
			long refitStart = System.nanoTime();
			double ft = finetune(current, loop.lastPatches(), k, stage, stageEnd);
			if (Double.isInfinite(ft)) return result(current, StopReason.CANCELLED);
			double v = Double.NaN;
			if (heldOut != null) {
				progress.report(stage + " validation", 0, 1, "held-out NLL of " + heldOut.numCrops() + " tiles");
				v = heldOut.bitsPerPixel(current);
				keepIfBest(current, v, k);
			}
			tail = System.nanoTime() - refitStart;
			log.stage(ft, v);
			log.completed++;
			// NB: the training loss of whitened data, shifted into the pixels' units like the held-out score
			double train = log.meanLoss(k) - current.logJacobianBits();
			String valid = heldOut == null ? "" : String.format(Locale.ROOT, ", validation %.4f bits/px%s", v,
				log.bestStage == k ? " (best so far)" : " (best: stage " + (log.bestStage + 1) + ")");
			progress.report(stage + " done", 1, 1, String.format(Locale.ROOT, "train %.4f bits/px (stage mean)%s", train,
				valid));
		}
		if (best != null && log.bestStage < n - 1) log.note(String.format(Locale.ROOT, "kept the model of stage %d, "
			+ "whose held-out NLL %.4f bits/px was the lowest", log.bestStage + 1, bestBits));
		return result(best != null ? best : current, StopReason.COMPLETED);
	}

	/** Keeps a copy of {@code m} if its held-out NLL is the lowest so far. */
	private void keepIfBest(Ride m, double bits, int stage) {
		if (!(bits < bestBits)) return;
		bestBits = bits;
		best = RideCopy.of(m);
		log.bestStage = stage;
	}

	/** The patches of each epoch of stage k: fresh random offsets per epoch, or the stage's shuffled grid. */
	private IntFunction<PatchSet> epochs(TrainData data, int k) {
		int p = cfg.patchSize(k);
		if (cfg.randomPatches()) return e -> PatchSet.random(data.train(), data.areas(), p, cfg.maxPatchesPerStage(),
			Streams.of(cfg.seed(), Streams.SHUFFLE, k * EPOCH_STREAMS + e));
		PatchSet grid = PatchSet.grid(data.train(), data.areas(), p, cfg.maxPatchesPerStage(),
			Streams.of(cfg.seed(), Streams.SHUFFLE, k));
		return e -> grid;
	}

	/**
	 * The refit's final objective (bits/dim), NaN if none ran (or the time budget ran out while collecting
	 * hidden states), +∞ if it was cancelled. It stops at {@code until} (System.nanoTime) keeping the best
	 * parameters L-BFGS had reached.
	 */
	private double finetune(Ride m, PatchSet ps, int k, String stage, long until) {
		if (!cfg.finetune() || cfg.finetuneMaxIter() == 0) return Double.NaN;
		CancelToken stop = until == Long.MAX_VALUE ? cancel : new CancelToken();
		Progress p = until == Long.MAX_VALUE ? progress : (s, step, total, msg) -> {
			progress.report(s, step, total, msg);
			if (cancel.isCancelled()) stop.cancel(cancel.reason());
			else if (System.nanoTime() >= until) stop.cancel("time budget");
		};
		LbfgsResult r = Finetune.run(m, ps, cfg, FLAGS, Streams.of(cfg.seed(), Streams.FINETUNE, k), stage, p, stop);
		if (cancel.isCancelled()) return Double.POSITIVE_INFINITY;
		if (r == null) {
			log.note(stage + ": the time budget ran out before the MCGSM refit; skipped it");
			return Double.NaN;
		}
		return r.value();
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
