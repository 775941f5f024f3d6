package org.ride.core.inpaint;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ride.core.model.Ride;
import org.ride.core.nd.Memory;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.sample.SampleOptions;
import org.ride.core.sample.Samples;
import org.ride.core.sample.WavefrontSampler;

/**
 * Fills a masked region of an image (gray, or C channels drawn jointly by a C-channel model) by sampling
 * RIDE's posterior with Metropolis-within-Gibbs (spec §8.5). The input image is never modified.
 * <ol>
 * <li>Start: the best of {@code candidates} ancestral samples of the whole region, each drawn in a window
 * reaching M rows above and M columns to either side, ranked by the log-likelihood of the region with an
 * M-pixel margin.</li>
 * <li>Sweeps: for every M×M window whose inner N×N block (stride {@code stride} over the region) holds
 * hole pixels, propose new values for those pixels by ancestral sampling given the window (log q(x′)),
 * and accept with the exact MH ratio of the window's likelihood:
 * <pre>  log α = [log p(x′) − log p(x)] − [log q(x′) − log q(x)]</pre>
 * where log p sums the window's per-pixel log-likelihoods (a fresh LSTM in the window, as the paper) and
 * log q(x) is the proposal density of the current values (the MCGSM terms of the block's pixels).
 * Between sweeps the image is flipped at random so the causal model sees context from all sides.</li>
 * </ol>
 * Windows whose M×M extents do not overlap do not interact, so each sweep processes them class by class
 * (windows 7 strides apart for M = 19, stride 3) in batches; every window's randomness is tied to
 * (seed, sweep, window), so the batched chain equals the one-window-at-a-time chain.
 * <p>
 * NB: sampled values are clipped to [clipMin, clipMax] after un-whitening while log q is of the unclipped
 * draw (spec pitfall 17); with a clip range that rarely binds (the data's 0.1/99.8 percentiles) the chain
 * is exact otherwise.
 */
public final class Inpainter {

	private Inpainter() {}

	/**
	 * Fills {@code mask} in {@code image} with every channel clipped to [o.clipMin, o.clipMax].
	 *
	 * @param image [(c·height + y)·width + x], the model's C channel planes
	 * @param mask  [y·width + x], true where a pixel (all its channels) is to be filled
	 */
	public static InpaintResult inpaint(Ride model, float[] image, int width, int height, boolean[] mask,
		InpaintOptions o, Progress progress, CancelToken cancel) {
		return inpaint(model, image, width, height, mask, o, null, null, progress, cancel);
	}

	/**
	 * As {@link #inpaint(Ride, float[], int, int, boolean[], InpaintOptions, Progress, CancelToken)} with a clip
	 * range per channel ({@code clipLow[c]}, {@code clipHigh[c]}; null: o's range for every channel).
	 */
	public static InpaintResult inpaint(Ride model, float[] image, int width, int height, boolean[] mask,
		InpaintOptions o, double[] clipLow, double[] clipHigh, Progress progress, CancelToken cancel) {
		return run(model, image, width, height, mask, o, clipLow, clipHigh, progress, cancel, Integer.MAX_VALUE);
	}

	/** @param maxBatch windows per batch (1 = one window at a time, the reference order) */
	static InpaintResult run(Ride model, float[] image, int width, int height, boolean[] mask, InpaintOptions o,
		Progress progress, CancelToken cancel, int maxBatch) {
		return run(model, image, width, height, mask, o, null, null, progress, cancel, maxBatch);
	}

	private static InpaintResult run(Ride model, float[] image, int width, int height, boolean[] mask,
		InpaintOptions o, double[] clipLow, double[] clipHigh, Progress progress, CancelToken cancel, int maxBatch) {
		check(model, image, width, height, mask, o);
		int channels = model.config().numChannels();
		long padded = Memory.product(width + 2L * o.windowSize(), height + 2L * o.windowSize(), channels);
		Memory.requireHeap("inpainting a " + width + "×" + height + " px image", padded, Memory.product(padded,
			o.meanSweeps() > 0 ? 4 * 8 + 1 : 3 * 8 + 1)); // NB: canvas, best state (+ mean) in double, hole mask
		double[] lo = clipRange(clipLow, o.clipMin(), channels, "low"), hi = clipRange(clipHigh, o.clipMax(), channels, "high");
		PaddedImage st = new PaddedImage(image, channels, mask, width, height, o.windowSize());
		Chain chain = new Chain(model, st, o, lo, hi, cancel, maxBatch);
		chain.initialise(progress);
		double[] mean = o.meanSweeps() > 0 ? new double[st.pix.length] : null;
		double best = chain.score()[1];
		double[] bestPix = st.pix.clone();
		int done = 0;
		boolean cancelled = false;
		try {
			for (int s = 0; s < o.sweeps(); s++) {
				cancel.throwIfCancelled();
				double rate = chain.sweep(s);
				double[] score = chain.score();
				double bits = score[0];
				done = s + 1;
				if (score[1] > best) {
					best = score[1];
					bestPix = st.pix.clone();
				}
				if (mean != null && s >= o.sweeps() - o.meanSweeps())
					for (int p = 0; p < mean.length; p++) mean[p] += st.pix[p] / o.meanSweeps();
				progress.report("inpainting", done, o.sweeps(), String.format(
					"sweep %d of %d: acceptance %.2f, log-likelihood of the filled region %.3f bits/px", done, o.sweeps(),
					rate, bits));
			}
		} catch (java.util.concurrent.CancellationException e) {
			cancelled = true;
			System.arraycopy(bestPix, 0, st.pix, 0, bestPix.length); // the most likely state seen so far
		}
		return chain.result(mean, done, cancelled);
	}

	private static double[] clipRange(double[] perChannel, double all, int channels, String which) {
		if (perChannel == null) {
			double[] r = new double[channels];
			java.util.Arrays.fill(r, all);
			return r;
		}
		if (perChannel.length != channels) throw new IllegalArgumentException("the " + which + " clip values have "
			+ perChannel.length + " entries but the model has " + channels + " channel(s); pass one per channel");
		return perChannel.clone();
	}

	private static void check(Ride model, float[] image, int width, int height, boolean[] mask, InpaintOptions o) {
		if (!model.hasWhitening()) throw new IllegalArgumentException("the model is untrained; train it first");
		int channels = model.config().numChannels();
		if (image.length != channels * width * height || mask.length != width * height)
			throw new IllegalArgumentException("image (" + image.length + " values) and mask (" + mask.length
				+ ") must have " + channels + " × " + width + "×" + height + " and " + width + "×" + height + " = "
				+ width * height + " entries (" + channels + " channel plane(s), one mask entry per pixel)");
		int n = 0;
		for (boolean b : mask) if (b) n++;
		if (n == 0) throw new IllegalArgumentException("the region to fill is empty; select the pixels to inpaint");
		if (n == mask.length) throw new IllegalArgumentException("the region to fill covers the whole image; RIDE "
			+ "needs known pixels around the hole as context; select a smaller region");
		for (int q = 0; q < image.length; q++) {
			int p = q % mask.length;
			if ((!mask[p] || o.candidates() == 0) && !Float.isFinite(image[q])) throw new IllegalArgumentException("pixel (x="
				+ p % width + ", y=" + p / width + (channels > 1 ? ", channel " + (q / mask.length + 1) : "")
				+ ") outside the region is " + image[q] + "; known pixels must be finite (include it in the region or "
				+ "replace it)");
		}
	}

	/** log p of windows: per window the summed per-pixel log-likelihood, and optionally per-position values. */
	static float[] windowLogLikelihoods(Ride model, List<float[]> windows, int size) {
		Ride.Grid g = model.whiten(Neighbourhoods.batch(windows, size, size, model.mask(), model.dataType()));
		INDArray ll = model.logLikelihood(g);
		return ll.castTo(DataType.FLOAT).dup('c').data().asFloat();
	}

	/** SplitMix64 finaliser: independent streams for (seed, sweep, window). */
	static long mix(long seed, long a, long b) {
		long z = seed + 0x9E3779B97F4A7C15L * (a + 1) + 0xBF58476D1CE4E5B9L * (b + 1);
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	/** The chain's mutable state and one sweep. */
	static final class Chain {
		final Ride model;
		final PaddedImage st;
		final InpaintOptions o;
		final CancelToken cancel;
		final int maxBatch;
		final double[] lo, hi; // per-channel clip range
		final CausalMask mask;
		final double logJ;
		final long[] proposals, accepts; // per original padded pixel
		final WavefrontSampler sampler = new WavefrontSampler(); // reused: every step has the same shapes

		/** A gray chain clipped to o's range. */
		Chain(Ride model, PaddedImage st, InpaintOptions o, CancelToken cancel, int maxBatch) {
			this(model, st, o, new double[] { o.clipMin() }, new double[] { o.clipMax() }, cancel, maxBatch);
		}

		Chain(Ride model, PaddedImage st, InpaintOptions o, double[] lo, double[] hi, CancelToken cancel, int maxBatch) {
			this.model = model;
			this.st = st;
			this.o = o;
			this.lo = lo;
			this.hi = hi;
			this.cancel = cancel;
			this.maxBatch = maxBatch;
			this.mask = model.mask();
			this.logJ = model.logJacobian();
			proposals = new long[st.hole.length];
			accepts = new long[st.hole.length];
		}

		/** Uniform noise in the hole, then the most likely of the candidate ancestral samples. */
		void initialise(Progress progress) {
			if (o.candidates() == 0) return; // continue a chain from the given values
			SplittableRandom r = new SplittableRandom(mix(o.seed(), -2, 0));
			int plane = st.hole.length;
			for (int c = 0; c < st.channels; c++)
				for (int p = 0; p < plane; p++)
					if (st.hole[p]) st.pix[c * plane + p] = lo[c] + r.nextDouble() * (hi[c] - lo[c]);
			st.mirror();
			int[] b = st.holeBounds();
			int m = o.windowSize();
			int x0 = Math.max(0, b[0] - m), x1 = Math.min(st.pw - 1, b[2] + m), y0 = Math.max(0, b[1] - m);
			int sw = x1 - x0 + 1, sh = b[3] - y0 + 1;
			List<float[]> cands = new ArrayList<>();
			long[] seeds = new long[o.candidates()];
			boolean[][] holes = new boolean[o.candidates()][];
			for (int k = 0; k < o.candidates(); k++) {
				cands.add(cropRect(x0, y0, sw, sh));
				seeds[k] = mix(o.seed(), -1, k);
				holes[k] = holeRect(x0, y0, sw, sh);
			}
			progress.report("inpainting", 0, Math.max(1, o.sweeps()), "initialising with " + o.candidates() + " samples");
			Samples s = WavefrontSampler.sample(model, cands, sw, sh, options(holes, seeds, false), Progress.NONE, cancel);
			double bestLl = Double.NEGATIVE_INFINITY;
			double[] best = null;
			for (int k = 0; k < o.candidates(); k++) {
				writeRect(s.images()[k], x0, y0, sw, sh);
				st.mirror();
				double ll = score()[1];
				if (ll > bestLl) {
					bestLl = ll;
					best = s.images()[k];
				}
			}
			writeRect(best, x0, y0, sw, sh);
			st.mirror();
		}

		SampleOptions options(boolean[][] holes, long[] seeds, boolean logq) {
			return SampleOptions.perImage(lo, hi, holes, seeds, logq);
		}

		/** One sweep; returns the fraction of accepted proposals. */
		double sweep(int sweep) {
			SplittableRandom flips = new SplittableRandom(mix(o.seed(), sweep, -1));
			boolean fh = o.flip() && flips.nextBoolean(), fv = o.flip() && flips.nextBoolean();
			st.flip(fh, fv);
			int[] b = st.holeBounds();
			int n = o.blockSize(), m = o.windowSize(), margin = o.margin(), stride = o.stride();
			int q = (m + stride - 1) / stride; // windows q strides apart never overlap
			List<int[]> windows = new ArrayList<>(); // {x0, y0, index}
			int index = 0;
			for (int by = b[1]; by <= b[3]; by += stride)
				for (int bx = b[0]; bx <= b[2]; bx += stride, index++)
					if (blockHasHole(bx, by, n)) windows.add(new int[] { bx - margin, by - margin, index,
						(by - b[1]) / stride % q, (bx - b[0]) / stride % q });
			List<List<int[]>> classes = new ArrayList<>();
			int widest = 1;
			for (int cy = 0; cy < q; cy++)
				for (int cx = 0; cx < q; cx++) {
					List<int[]> cls = new ArrayList<>();
					for (int[] w : windows) if (w[3] == cy && w[4] == cx) cls.add(w);
					for (int from = 0; from < cls.size(); from += maxBatch) {
						classes.add(cls.subList(from, Math.min(cls.size(), from + maxBatch)));
						widest = Math.max(widest, Math.min(cls.size() - from, maxBatch));
					}
				}
			long acc = 0;
			for (List<int[]> batch : classes) acc += step(batch, sweep, widest);
			st.unflip();
			st.mirror();
			return windows.isEmpty() ? 0 : (double) acc / windows.size();
		}

		/**
		 * One MH step for a batch of non-overlapping windows; returns the number accepted. NB: the batch is
		 * padded to {@code padTo} windows (copies that sample nothing), so every call of a sweep has the same
		 * shapes and the LSTM and MCGSM reuse their buffers instead of rebuilding them per class.
		 */
		int step(List<int[]> batch, int sweep, int padTo) {
			cancel.throwIfCancelled();
			int m = o.windowSize(), nb = batch.size(), total = Math.max(nb, padTo);
			List<float[]> cur = new ArrayList<>();
			boolean[][] holes = new boolean[total][];
			long[] seeds = new long[total];
			for (int k = 0; k < total; k++) {
				int[] w = batch.get(k < nb ? k : 0);
				cur.add(st.crop(w[0], w[1], m));
				holes[k] = k < nb ? blockHole(w[0], w[1]) : new boolean[m * m];
				seeds[k] = mix(o.seed(), sweep, w[2]);
			}
			Samples prop = sampler.draw(model, cur, m, m, options(holes, seeds, true), Progress.NONE, cancel);
			List<float[]> all = new ArrayList<>(cur);
			for (int k = 0; k < total; k++) all.add(prop.floatImage(k));
			float[] ll = windowLogLikelihoods(model, all, m);
			int per = mask.gridRows(m, m) * mask.gridCols(m, m), gc = mask.gridCols(m, m), accepted = 0;
			for (int k = 0; k < nb; k++) {
				double pCur = 0, pProp = 0, qCur = 0;
				for (int t = 0; t < per; t++) {
					pCur += ll[k * per + t];
					pProp += ll[(total + k) * per + t];
					int y = t / gc + mask.iOff(), x = t % gc + mask.jOff();
					if (holes[k][y * m + x]) qCur += ll[k * per + t] - logJ;
				}
				double logAlpha = (pProp - pCur) - (prop.logq()[k] - qCur);
				boolean accept = Math.log(new SplittableRandom(seeds[k] ^ 0x5DEECE66DL).nextDouble()) < logAlpha;
				int[] w = batch.get(k);
				count(w[0], w[1], holes[k], accept);
				if (accept) {
					st.writeHole(prop.images()[k], w[0], w[1], m);
					accepted++;
				}
			}
			return accepted;
		}

		/**
		 * Scores the current fill on the hole's bounding box plus an M margin (fresh LSTM there):
		 * {mean log-likelihood of the hole pixels in bits/px, total log-likelihood of the box in nats}. The
		 * total also counts the known pixels below and right of the hole, whose likelihood depends on the fill.
		 */
		double[] score() {
			int[] b = st.holeBounds();
			int m = o.windowSize();
			int x0 = Math.max(0, b[0] - m), y0 = Math.max(0, b[1] - m);
			int x1 = Math.min(st.pw - 1, b[2] + m), y1 = Math.min(st.ph - 1, b[3] + m);
			int w = x1 - x0 + 1, h = y1 - y0 + 1;
			Ride.Grid g = model.whiten(Neighbourhoods.grid(cropRect(x0, y0, w, h), w, h, mask, model.dataType()));
			float[] ll = model.logLikelihood(g).castTo(DataType.FLOAT).dup('c').data().asFloat();
			int gc = mask.gridCols(w, h), n = 0;
			double s = 0, total = 0;
			for (int t = 0; t < ll.length; t++) {
				int y = t / gc + mask.iOff() + y0, x = t % gc + mask.jOff() + x0;
				total += ll[t];
				if (st.hole[y * st.pw + x]) {
					s += ll[t];
					n++;
				}
			}
			return new double[] { s / Math.max(1, n) / Math.log(2), total };
		}

		InpaintResult result(double[] mean, int sweeps, boolean cancelled) {
			float[] img = st.interior(), pm = mean == null ? null : st.interior(mean, st.channels);
			double[] r = new double[st.hole.length];
			for (int p = 0; p < r.length; p++) r[p] = proposals[p] == 0 ? Double.NaN : (double) accepts[p] / proposals[p];
			float[] rate = st.interior(r, 1);
			return new InpaintResult(img, pm, rate, score()[0], sweeps, cancelled);
		}

		private boolean blockHasHole(int bx, int by, int n) {
			for (int y = by; y < by + n && y < st.ph; y++)
				for (int x = bx; x < bx + n && x < st.pw; x++) if (st.hole[y * st.pw + x]) return true;
			return false;
		}

		/** Hole pixels of the inner block of the window at (x0, y0), in window coordinates. */
		private boolean[] blockHole(int x0, int y0) {
			int m = o.windowSize(), n = o.blockSize(), margin = o.margin();
			boolean[] h = new boolean[m * m];
			for (int y = margin; y < margin + n; y++)
				for (int x = margin; x < margin + n; x++) h[y * m + x] = st.hole[(y0 + y) * st.pw + x0 + x];
			return h;
		}

		private void count(int x0, int y0, boolean[] hole, boolean accepted) {
			int m = o.windowSize();
			for (int p = 0; p < hole.length; p++)
				if (hole[p]) {
					int oi = st.originalIndex(x0 + p % m, y0 + p / m);
					proposals[oi]++;
					if (accepted) accepts[oi]++;
				}
		}

		private float[] cropRect(int x0, int y0, int w, int h) {
			return st.crop(x0, y0, w, h);
		}

		private boolean[] holeRect(int x0, int y0, int w, int h) {
			boolean[] c = new boolean[w * h];
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) c[y * w + x] = st.hole[(y0 + y) * st.pw + x0 + x];
			return c;
		}

		private void writeRect(double[] v, int x0, int y0, int w, int h) {
			st.writeHole(v, x0, y0, w, h);
		}
	}
}
