package org.ride.core.inpaint;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.mcgsm.Mcgsm;
import org.ride.core.model.Ride;
import org.ride.core.nd.Chunks;
import org.ride.core.nd.Memory;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.sample.SampleOptions;
import org.ride.core.sample.StartRow;
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
			for (int cy = 0; cy < q; cy++)
				for (int cx = 0; cx < q; cx++) {
					List<int[]> cls = new ArrayList<>();
					for (int[] w : windows) if (w[3] == cy && w[4] == cx) cls.add(w);
					for (int from = 0; from < cls.size(); from += maxBatch) {
						classes.add(cls.subList(from, Math.min(cls.size(), from + maxBatch)));
					}
				}
			long acc = 0;
			for (List<int[]> batch : classes) acc += step(batch, sweep);
			st.unflip();
			st.mirror();
			return windows.isEmpty() ? 0 : (double) acc / windows.size();
		}

		/**
		 * One MH step for a batch of non-overlapping windows; returns the number accepted. NB: batches are not
		 * padded to one size: the sampler keeps an engine per batch size (a sweep has a few: 9, 12 or 16 windows
		 * per class for the 71×71 benchmark), so equal shapes gain nothing that padded windows would not cost.
		 */
		int step(List<int[]> batch, int sweep) {
			cancel.throwIfCancelled();
			int m = o.windowSize(), nb = batch.size();
			List<float[]> cur = new ArrayList<>();
			boolean[][] holes = new boolean[nb][];
			long[] seeds = new long[nb];
			for (int k = 0; k < nb; k++) {
				int[] w = batch.get(k);
				cur.add(st.crop(w[0], w[1], m));
				holes[k] = blockHole(w[0], w[1]);
				seeds[k] = mix(o.seed(), sweep, w[2]);
			}
			StartRow start = rowAbove(cur, holes);
			Samples prop = sampler.draw(model, cur, m, m, options(holes, seeds, true), start, Progress.NONE, cancel);
			List<float[]> all = new ArrayList<>(cur);
			for (int k = 0; k < nb; k++) all.add(prop.floatImage(k));
			double[][] lp = changedLogLikelihoods(all, holes, start);
			int accepted = 0;
			for (int k = 0; k < nb; k++) {
				double logAlpha = (lp[1][k] - lp[0][k]) - (prop.logq()[k] - lp[2][k]);
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

		/** Column counts of the MCGSM calls are rounded up to a multiple of this, so that its buffers are reused. */
		static final int ROUND_COLUMNS = 256;

		/**
		 * x's LSTM states on the grid row above the first one that the holes can change (null when that is row 0),
		 * from a forward over the windows' rows above it. NB: why. x′ equals x up there, and so do its states, so
		 * the proposal's sampler and the x′ forward both continue from these instead of from the window's top.
		 */
		StartRow rowAbove(List<float[]> windows, boolean[][] holes) {
			int m = o.windowSize(), gr = mask.gridRows(m, m), gc = mask.gridCols(m, m), first = gr;
			for (boolean[] hole : holes) {
				boolean[] c = changedPositions(hole, m, gr, gc);
				for (int p = 0; p < first * gc; p++)
					if (c[p]) {
						first = p / gc;
						break;
					}
			}
			if (first == 0 || first == gr) return null;
			int h = first + mask.rows() - 1; // the pixel rows of grid rows [0, first)
			List<float[]> top = new ArrayList<>();
			for (float[] w : windows) top.add(rows(w, 0, h));
			Ride.Grid g = model.whiten(Neighbourhoods.batch(top, m, h, mask, model.dataType()));
			model.lstm().forward(g.x(), g.batch(), g.rows(), g.cols(), null, false);
			return new StartRow(first, model.lstm().lastRowStates());
		}

		/** Pixel rows [y0, y1) of an m×m window [(c·m + y)·m + x], as [(c·(y1 − y0) + y)·m + x]. */
		private float[] rows(float[] window, int y0, int y1) {
			int m = o.windowSize(), h = y1 - y0;
			float[] r = new float[st.channels * h * m];
			for (int c = 0; c < st.channels; c++) System.arraycopy(window, (c * m + y0) * m, r, c * h * m, h * m);
			return r;
		}

		/**
		 * For windows k < nb of {@code all} (x) and nb + k (x′, which differs from x at most in holes[k]):
		 * {Σ log p(x), Σ log p(x′), log q(x)} per window, in nats without the Jacobian, where the sums run only
		 * over the positions that can differ between x and x′ (their difference is the MH ratio's, the other terms
		 * cancel) and log q(x) sums the hole pixels' terms. NB: why. A position differs only if its own pixel or a
		 * neighbourhood input is a hole pixel, or (through the LSTM's left/top recursion) if a position above-left
		 * of it does: for a 5×5 block in a 19×19 window 144 of the 255 positions, so the MCGSM does 56 % of the
		 * work. Its x and x′ halves run as two chunks of equal size on two threads (each on its own evaluator).
		 * The LSTM runs over the rows from {@code start.row()} down only, continuing from x's states above
		 * ({@link #rowAbove}; null: the whole windows): 12 of 17 rows for the 19×19 window.
		 */
		double[][] changedLogLikelihoods(List<float[]> all, boolean[][] holes, StartRow start) {
			int m = o.windowSize(), nb = holes.length, gr = mask.gridRows(m, m), gc = mask.gridCols(m, m);
			int first = start == null ? 0 : start.row(), per = (gr - first) * gc, skip = first * gc;
			List<float[]> below = new ArrayList<>();
			for (float[] w : all) below.add(first == 0 ? w : rows(w, first, m));
			Ride.Grid g = model.whiten(Neighbourhoods.batch(below, m, m - first, mask, model.dataType()));
			INDArray h = model.lstm().forward(g.x(), g.batch(), g.rows(), g.cols(), twice(start), false); // [2·nb·per, H]
			boolean[][] changed = new boolean[nb][];
			int sel = 0;
			for (int k = 0; k < nb; k++) {
				changed[k] = changedPositions(holes[k], m, gr, gc);
				for (boolean c : changed[k]) if (c) sel++;
			}
			int cols = Math.max(1, (sel + ROUND_COLUMNS - 1) / ROUND_COLUMNS * ROUND_COLUMNS);
			int hid = (int) h.columns(), d = st.channels;
			double[][] ll = new double[2][];
			Mcgsm[] ev = model.mcgsm().threadEvaluators(2);
			INDArray[][] in = inputs(cols, hid, d);
			if (h.stride(1) != 1) h = h.dup('c');
			double[] yv = host(g.y());
			int yO = (int) g.y().offset(), y0 = (int) g.y().stride(0), y1 = (int) g.y().stride(1);
			for (int half = 0; half < 2; half++) { // x, then x′
				HostColumns hs = new HostColumns(h, in[half][0]);
				double[] ys = new double[d * cols]; // padding columns stay zero
				int t = 0;
				for (int k = 0; k < nb; k++)
					for (int p = skip; p < gr * gc; p++) {
						if (!changed[k][p]) continue;
						int row = (half * nb + k) * per + p - skip; // natural grid order of the batch of 2·nb windows
						hs.copy(row, t);
						for (int c = 0; c < d; c++) ys[t * d + c] = yv[yO + c * y0 + row * y1];
						t++;
					}
				hs.zeroFrom(t, cols);
				put(in[half][1], ys);
			}
			Chunks.run(2, Math.min(2, model.threads()), (w, half) -> ll[half] = ev[half].logLikelihood(in[half][0],
				in[half][1]).castTo(DataType.DOUBLE).dup('c').data().asDouble());
			double[][] r = new double[3][nb];
			int oI = mask.iOff(), oJ = mask.jOff();
			for (int k = 0, t = 0; k < nb; k++)
				for (int p = skip; p < gr * gc; p++) {
					if (!changed[k][p]) continue;
					r[0][k] += ll[0][t];
					r[1][k] += ll[1][t];
					if (holes[k][(p / gc + oI) * m + p % gc + oJ]) r[2][k] += ll[0][t];
					t++;
				}
			return r;
		}

		/** The start row's states for the batch of x and x′ windows: each layer's {h, c} stacked twice. */
		private static INDArray[][] twice(StartRow start) {
			if (start == null) return null;
			INDArray[][] t = new INDArray[start.above().length][];
			for (int l = 0; l < t.length; l++)
				t[l] = new INDArray[] {Nd4j.concat(0, start.above()[l][0], start.above()[l][0]),
					Nd4j.concat(0, start.above()[l][1], start.above()[l][1])};
			return t;
		}

		/**
		 * Rows of h ([n, H], unit column stride) into columns of an MCGSM input ('f' [H, cols], offset 0, same dtype),
		 * one bulk copy each. NB: why. A double copy of the whole h (2·nb·180 rows) and back cost an allocation of
		 * 3 MB and two conversions per MH step.
		 */
		private static final class HostColumns {
			private final int hid, from, stride;
			private final FloatBuffer srcF, dstF;
			private final DoubleBuffer srcD, dstD;

			HostColumns(INDArray h, INDArray dst) {
				hid = (int) h.columns();
				from = (int) h.offset();
				stride = (int) h.stride(0);
				boolean f = h.dataType() == DataType.FLOAT;
				srcF = f ? h.data().asNioFloat() : null;
				dstF = f ? dst.data().asNioFloat() : null;
				srcD = f ? null : h.data().asNioDouble();
				dstD = f ? null : dst.data().asNioDouble();
			}

			void copy(int row, int col) {
				if (srcF != null) dstF.put(col * hid, srcF, from + row * stride, hid);
				else dstD.put(col * hid, srcD, from + row * stride, hid);
			}

			/** Zero columns [col, cols): the padding the MCGSM scores and the caller ignores. */
			void zeroFrom(int col, int cols) {
				for (int e = col * hid; e < cols * hid; e++)
					if (srcF != null) dstF.put(e, 0f);
					else dstD.put(e, 0.0);
			}
		}

		/** a's whole buffer as doubles (one bulk copy), element (r, c) at offset + r·stride(0) + c·stride(1). */
		private static double[] host(INDArray a) {
			DataBuffer b = a.data();
			int len = Math.toIntExact(b.length());
			double[] v = new double[len];
			if (b.dataType() == DataType.DOUBLE) {
				b.asNioDouble().get(0, v, 0, len);
			} else {
				float[] f = new float[len];
				b.asNioFloat().get(0, f, 0, len);
				for (int e = 0; e < len; e++) v[e] = f[e];
			}
			return v;
		}

		/** v into the whole (contiguous, offset 0) array a of the model's dtype (one bulk copy). */
		private static void put(INDArray a, double[] v) {
			DataBuffer b = a.data();
			if (b.dataType() == DataType.DOUBLE) {
				b.asNioDouble().put(0, v, 0, v.length);
			} else {
				float[] f = new float[v.length];
				for (int e = 0; e < v.length; e++) f[e] = (float) v[e];
				b.asNioFloat().put(0, f, 0, f.length);
			}
		}

		/** Per column count: the MCGSM inputs {h [H, cols], ỹ [D, cols]} 'f' of the x and x′ halves. */
		private final Map<Integer, INDArray[][]> inputs = new HashMap<>();

		private INDArray[][] inputs(int cols, int hid, int d) {
			if (inputs.size() > 8) inputs.clear();
			return inputs.computeIfAbsent(cols, c -> new INDArray[][] {
				{Nd4j.create(model.dataType(), new long[] {hid, c}, 'f'),
					Nd4j.create(model.dataType(), new long[] {d, c}, 'f')},
				{Nd4j.create(model.dataType(), new long[] {hid, c}, 'f'),
					Nd4j.create(model.dataType(), new long[] {d, c}, 'f')}});
		}

		/**
		 * Grid positions of an m×m window whose log-likelihood can change when the pixels in {@code hole} change:
		 * those whose output pixel or an input of whose neighbourhood is in the hole, and every position right
		 * of and below one of them (the LSTM's state at (i, j) reads (i, j − 1) and (i − 1, j)).
		 */
		boolean[] changedPositions(boolean[] hole, int m, int gr, int gc) {
			boolean[] c = new boolean[gr * gc];
			for (int y = 0; y < m; y++)
				for (int x = 0; x < m; x++) {
					if (!hole[y * m + x]) continue;
					for (int r = 0; r < mask.rows(); r++)
						for (int q = 0; q < mask.cols(); q++) {
							if (!mask.isInput(r, q) && !(r == mask.iOff() && q == mask.jOff())) continue;
							int i = y - r, j = x - q;
							if (i >= 0 && i < gr && j >= 0 && j < gc) c[i * gc + j] = true;
						}
				}
			for (int i = 0; i < gr; i++)
				for (int j = 0; j < gc; j++)
					if (!c[i * gc + j]) c[i * gc + j] = (i > 0 && c[(i - 1) * gc + j]) || (j > 0 && c[i * gc + j - 1]);
			return c;
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
