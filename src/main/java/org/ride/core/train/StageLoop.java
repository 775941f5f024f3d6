package org.ride.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.mcgsm.McgsmParams;
import org.ride.core.model.Ride;
import org.ride.core.optim.Optimizer;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.train.TrainingLog.StopReason;

/**
 * The minibatch loop of one curriculum stage (spec §7.4 steps 5–8). Epoch e trains on the {@link PatchSet}
 * {@code epochs.apply(e)} (the same grid patches every epoch, or fresh random offsets); batch b of an epoch
 * is patches [b·B, (b+1)·B); the incomplete last batch is dropped, except that an epoch with fewer than B
 * patches trains on all of them as one batch (noted in the log and the progress message). Without a
 * deadline the stage runs {@code epochsPerStage} epochs; with one it runs batches until the deadline
 * passes (at least one batch, epochs as many as fit). Per batch: extract → whiten → loss and gradients → one {@link Optimizer#step} over
 * [every LSTM array…, MCGSM flat vector θ (DOUBLE, rank 1)] → θ written back with
 * {@link McgsmParams#setFromVector}. The cancel token is polled before each batch, so a cancel leaves
 * the model as of the last completed update. A non-finite loss or gradient ends the stage before the
 * update ({@link StopReason#DIVERGED}).
 */
final class StageLoop {

	private static final int RUNNING_MEAN = 50; // batches in the loss shown by progress

	private final Ride model;
	private final IntFunction<PatchSet> epochs;
	private final long deadline; // System.nanoTime() at which the stage's batches stop; Long.MAX_VALUE: none
	private PatchSet patches;
	private final int stageIndex;
	private final String stage;
	private final TrainConfig cfg;
	private final Optimizer optimizer;
	private final Progress progress;
	private final CancelToken cancel;
	private final LogBuilder log;

	StageLoop(Ride model, IntFunction<PatchSet> epochs, long deadline, int stageIndex, String stage, TrainConfig cfg,
		Optimizer optimizer, Progress progress, CancelToken cancel, LogBuilder log) {
		this.model = model;
		this.epochs = epochs;
		this.deadline = deadline;
		this.stageIndex = stageIndex;
		this.stage = stage;
		this.cfg = cfg;
		this.optimizer = optimizer;
		this.progress = progress;
		this.cancel = cancel;
		this.log = log;
	}

	/** The patches of the last epoch that ran (the refit uses them). */
	PatchSet lastPatches() {
		return patches;
	}

	/** @return null when every batch ran, else why the stage (and the run) stopped */
	StopReason run() {
		boolean timed = deadline != Long.MAX_VALUE;
		int channels = model.config().numChannels(), step = 0;
		double[] recent = new double[RUNNING_MEAN];
		long t0 = System.nanoTime();
		for (int epoch = 0; timed || epoch < cfg.epochsPerStage(); epoch++) {
			patches = epochs.apply(epoch);
			int batch = cfg.batchSize(), perEpoch = patches.size() / batch;
			String small = "";
			if (perEpoch == 0) {
				batch = patches.size();
				perEpoch = 1;
				small = " (only " + batch + " patches: one batch of " + batch + ")";
				if (epoch == 0) log.note(stage + ": only " + batch + " patches, fewer than one batch of "
					+ cfg.batchSize() + "; trained on them as one batch");
			}
			for (int b = 0; b < perEpoch; b++, step++) {
				if (timed && step > 0 && System.nanoTime() >= deadline) return null;
				if (cancel.isCancelled()) {
					log.note(stage + ": cancelled after " + step + " batches");
					return StopReason.CANCELLED;
				}
				Ride.Grid g = model.whiten(patches.batch(b * batch, batch, model.mask(), model.dataType()));
				Ride.Loss loss = model.lossAndGradient(g, RideTrainer.FLAGS, true);
				if (!finite(loss)) {
					log.note(String.format(Locale.ROOT, "%s: batch %d gave a non-finite loss or gradient (loss %s); "
						+ "stopped before updating; lower the learning rate %g", stage, step + 1, loss.nats(),
						optimizer.learningRate()));
					return StopReason.DIVERGED;
				}
				update(loss.mcgsmGradient());
				double bits = loss.bitsPerPixel(channels);
				log.loss(bits, stageIndex);
				recent[step % RUNNING_MEAN] = bits;
				long now = System.nanoTime();
				int total = timed ? (int) Math.max(step + 1, Math.min(Integer.MAX_VALUE,
					(step + 1) * (double) (deadline - t0) / Math.max(1, now - t0))) : perEpoch * cfg.epochsPerStage();
				progress.report(stage, step + 1, total, message(recent, step + 1, total, t0, model.logJacobianBits())
					+ small);
			}
		}
		return null;
	}

	private boolean finite(Ride.Loss loss) {
		if (!Double.isFinite(loss.nats())) return false;
		for (double v : loss.mcgsmGradient()) if (!Double.isFinite(v)) return false;
		for (INDArray gr : model.lstm().gradients())
			if (!Double.isFinite(gr.sumNumber().doubleValue())) return false; // one reduction per array
		return true;
	}

	/** One optimiser step over all LSTM arrays (in place) and the MCGSM vector (written back). */
	private void update(double[] mcgsmGradient) {
		McgsmParams p = model.mcgsm().params();
		INDArray theta = Nd4j.createFromArray(p.toVector(RideTrainer.FLAGS));
		List<INDArray> params = new ArrayList<>(model.lstm().parameters()), grads = new ArrayList<>(model.lstm().gradients());
		params.add(theta);
		grads.add(Nd4j.createFromArray(mcgsmGradient));
		optimizer.step(params, grads);
		p.setFromVector(theta.toDoubleVector(), RideTrainer.FLAGS);
	}

	/**
	 * The running mean of the recent losses as the pixels' NLL: the whitened-data losses minus the whitening's
	 * log-Jacobian {@code jacobianBits}, so that they read in the units of the held-out score beside them.
	 */
	private static String message(double[] recent, int done, int total, long t0, double jacobianBits) {
		int n = Math.min(done, recent.length);
		double s = 0;
		for (int i = 0; i < n; i++) s += recent[i];
		double elapsed = (System.nanoTime() - t0) / 1e9, eta = elapsed / done * (total - done);
		return String.format(Locale.ROOT, "loss %.4f bits/px (mean of last %d), ETA %s", s / n - jacobianBits, n,
			duration(eta));
	}

	static String duration(double seconds) {
		long s = Math.round(seconds);
		if (s < 60) return s + "s";
		if (s < 3600) return s / 60 + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
		return s / 3600 + "h" + String.format(Locale.ROOT, "%02d", s / 60 % 60) + "m";
	}
}
