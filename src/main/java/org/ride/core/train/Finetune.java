package org.ride.core.train;

import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.ride.core.mcgsm.TrainFlags;
import org.ride.core.model.Ride;
import org.ride.core.optim.LbfgsOptions;
import org.ride.core.optim.LbfgsResult;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

/**
 * The L-BFGS refit of the MCGSM with the LSTM frozen (ride.py {@code finetune}, spec §7.5, pitfall 16).
 * <p>
 * Pairs (h, ỹ): top-layer hidden states [H] and whitened residuals [C] at the grid positions of the
 * stage's first min(200,000, #patches) patches (already in random order), forwarded in chunks. If there
 * are T ≤ {@code finetuneSamples} pairs, all are used without validation; otherwise
 * {@code finetuneSamples} + min({@code finetuneValidation}, T − finetuneSamples) distinct pairs are drawn
 * uniformly by sequential selection sampling (Knuth's algorithm S, no index array of size T) and a random
 * subset of them, again by algorithm S, is the validation part. L-BFGS then runs with cmt's defaults
 * (validation every 5 iterations, patience 20, threshold 1e−9) and {@code maxIter = finetuneMaxIter}.
 * Memory: (n_train + n_val)·(H + C) values in the model dtype.
 */
final class Finetune {

	private static final int MAX_PATCHES = 200_000, CHUNK_PIXELS = 8192;

	private Finetune() {}

	/** @return the L-BFGS result, or null if cancelled while collecting hidden states (model unchanged) */
	static LbfgsResult run(Ride m, PatchSet ps, TrainConfig cfg, TrainFlags flags, Random rng, String stage,
		Progress progress, CancelToken cancel) {
		int p = ps.patchSize(), gr = m.mask().gridRows(p, p), gc = m.mask().gridCols(p, p), grid = gr * gc;
		int patches = Math.min(ps.size(), MAX_PATCHES);
		long total = (long) patches * grid;
		int nTrain = (int) Math.min(total, cfg.finetuneSamples());
		int nVal = total <= cfg.finetuneSamples() ? 0 : (int) Math.min(cfg.finetuneValidation(), total - nTrain);
		int hid = m.mcgsm().config().dimIn(), ch = m.config().numChannels(); // H, or N_in without layers
		INDArray xTr = Nd4j.create(m.dataType(), new long[] { nTrain, hid }, 'c');
		INDArray yTr = Nd4j.create(m.dataType(), new long[] { ch, nTrain }, 'f');
		INDArray xVa = nVal == 0 ? null : Nd4j.create(m.dataType(), new long[] { nVal, hid }, 'c');
		INDArray yVa = nVal == 0 ? null : Nd4j.create(m.dataType(), new long[] { ch, nVal }, 'f');
		Selection sel = new Selection(total, nTrain + nVal, nVal, rng);
		int chunk = Math.max(1, CHUNK_PIXELS / grid);
		for (int from = 0; from < patches; from += chunk) {
			if (cancel.isCancelled()) return null;
			progress.report(stage + " finetune", from, patches, "collecting hidden states");
			int count = Math.min(chunk, patches - from);
			Ride.Grid g = m.whiten(ps.batch(from, count, m.mask(), m.dataType()));
			INDArray h = m.hiddenStates(g, false);
			sel.next(count * grid);
			gather(h, g.y(), sel.train, sel.kTrain, xTr, yTr, sel.doneTrain);
			if (nVal > 0) gather(h, g.y(), sel.val, sel.kVal, xVa, yVa, sel.doneVal);
			sel.commit();
		}
		LbfgsOptions opt = LbfgsOptions.defaults().withMaxIter(cfg.finetuneMaxIter());
		Progress wrapped = (s, step, tot, msg) -> progress.report(stage + " finetune", step, tot, msg);
		return McgsmFit.fit(m.mcgsm(), xTr.transpose(), yTr, nVal == 0 ? null : xVa.transpose(), yVa, flags, opt,
			wrapped, cancel);
	}

	/** Copies rows {@code idx[0..k)} of h [M, H] and columns of y [C, M] to position {@code at} of x, yOut. */
	private static void gather(INDArray h, INDArray y, int[] idx, int k, INDArray x, INDArray yOut, int at) {
		if (k == 0) return;
		int[] rows = java.util.Arrays.copyOf(idx, k);
		x.get(NDArrayIndex.interval(at, at + k), NDArrayIndex.all()).assign(h.getRows(rows));
		yOut.get(NDArrayIndex.all(), NDArrayIndex.interval(at, at + k)).assign(y.getColumns(rows));
	}

	/** Algorithm S twice: which of the T stream positions are picked, and which picks are validation. */
	private static final class Selection {
		private final Random rng;
		private long remaining;
		private int need, remainingPicked, needVal;
		int[] train = new int[0], val = new int[0];
		int kTrain, kVal, doneTrain, doneVal; // picks in the current chunk, picks before it

		Selection(long total, int picks, int nVal, Random rng) {
			this.rng = rng;
			remaining = total;
			need = picks;
			remainingPicked = picks;
			needVal = nVal;
		}

		/** Decides the next m positions; {@code train[0..kTrain)} and {@code val[0..kVal)} index them. */
		void next(int m) {
			if (train.length < m) {
				train = new int[m];
				val = new int[m];
			}
			kTrain = 0;
			kVal = 0;
			for (int i = 0; i < m; i++, remaining--) {
				if (need == 0 || rng.nextDouble() * remaining >= need) continue;
				need--;
				boolean v = needVal > 0 && rng.nextDouble() * remainingPicked < needVal;
				remainingPicked--;
				if (v) {
					needVal--;
					val[kVal++] = i;
				} else train[kTrain++] = i;
			}
		}

		void commit() {
			doneTrain += kTrain;
			doneVal += kVal;
		}
	}
}
