package org.ride.core.sample;

import java.util.ArrayDeque;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.model.Ride;
import org.ride.core.nd.Chunks;
import org.ride.core.nd.Memory;
import org.ride.core.nd.NdInit;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

/**
 * Fast sampler (spec §7.7): draws the same images as {@link RasterSampler} (same seed → same noise per pixel, see
 * {@link Canvas}) but visits the grid as a <b>skewed wavefront</b>, all images of the batch together.
 * <p>
 * <b>Why a skew.</b> Grid position (i, j) reads (a) its left and top LSTM states (i, j−1), (i−1, j) and (b) its
 * neighbourhood, whose input cell (r, c) of the mask is the output pixel of grid position
 * (i − (iOff − r), j + c − jOff). With s(i, j) = a·i + j every dependency must lie on an earlier step:
 * a·(iOff − r) > c − jOff for every input cell above the output row (cells in the output row are to the left).
 * The binding cell is the row just above, rightmost column: a = cols − jOff, i.e. a = 3 for nb 5 (the row above
 * reaches 2 columns to the right, pitfall 23). {@link #skew} computes it from the mask. So all positions with
 * equal s — one per grid row i ∈ [iLo(s), iHi(s)], j = s − a·i — are independent and are drawn as one block.
 * <p>
 * <b>State store.</b> Only steps s−1 (left) and s−a (top) are ever read, so a ring of a+1 slots holds each
 * step's states for every layer's h and c, grid row i of step s at row (i − iLo(s) + 1)·B + b of its slot: the
 * block of step s is rows [B, B + n). Its left neighbours are then rows from (1 + iLo(s) − iLo(s−1))·B of slot
 * s−1 and its top neighbours rows from (iLo(s) − iLo(s−a))·B of slot s−a (both differences are 0 or 1) —
 * contiguous slices, so each step is a handful of ND4J calls ({@link BlockStep}). A slot is zeroed before reuse;
 * the entries left unwritten are exactly the out-of-grid neighbours (j = −1 past a block's end and i = −1 in
 * rows [0, B)), which must be zero (spec §5.1).
 * <p>
 * NB: block-relative rows make the slices repeat (n is constant across the middle of a large grid, the offsets
 * take two values), so each distinct slice view is created once and kept: a view costs an ND4J call (15–40 µs).
 * <p>
 * <b>Batch parts.</b> With B ≥ 2 images the batch is split in two halves (the first ⌈B/2⌉ images, then the
 * rest), each with its own LSTM steps and state store, whose whole wavefronts run on two threads
 * ({@link Chunks}): images never read each other, so the halves meet only at the end. The split depends on B
 * alone, so the images are bit-identical for any thread count ({@link Ride#setThreads}). One image is split
 * instead by rows within each step ({@link #halves}).
 * <p>
 * <b>Area.</b> The wavefront covers only the rows and columns up to the last sampled ones (nothing below or right
 * of them feeds a sampled pixel), and with a {@link StartRow} only the rows from its row down: the states of the
 * row above go into the store's top-border entries (rows [0, B) of step j − a's slot for column j), which are
 * otherwise zero. Positions keep their grid coordinates, so every pixel draws the same noise whatever the area.
 * <p>
 * <b>Reuse.</b> Inpainting calls this thousands of times with the same shapes, where building the engine, the
 * store and its per-step views (each an ND4J call) would rival the sampling itself; the latest engines are kept
 * (keyed by model, LSTM, whitening, MCGSM and every shape it depends on) and taken exclusively by one call at a
 * time. The LSTM steps read the live parameter arrays, so in-place training between calls is seen. NB: the kept
 * engines (up to {@link #ENGINES_KEPT}) hold their model (and state buffers, O(a·R·B·H)) until replaced.
 */
public final class WavefrontSampler {

	/** Progress is reported about this many times per call. */
	private static final int REPORTS = 100;

	/** A sampler that keeps its engine between {@link #draw} calls. */
	public WavefrontSampler() {}

	/** The smallest a ≥ 1 such that s = a·i + j orders every dependency of the mask before its position. */
	public static int skew(CausalMask m) {
		int a = 1;
		for (int r = 0; r < m.iOff(); r++)
			for (int c = 0; c < m.cols(); c++)
				if (m.isInput(r, c)) a = Math.max(a, Math.floorDiv(c - m.jOff(), m.iOff() - r) + 1);
		return a;
	}

	/**
	 * Samples into copies of {@code images} (each [(c·height + y)·width + x], in data units; not modified).
	 * A one-off call; a caller that samples many times with the same shapes (inpainting) keeps an instance and
	 * calls {@link #draw}, which reuses the LSTM steps, state store and views between calls.
	 *
	 * @throws IllegalArgumentException on images/options that do not fit the model
	 * @throws java.util.concurrent.CancellationException if {@code cancel} fires (checked every wavefront step)
	 */
	public static Samples sample(Ride model, List<float[]> images, int width, int height, SampleOptions options,
		Progress progress, CancelToken cancel) {
		return new WavefrontSampler().draw(model, images, width, height, options, progress, cancel);
	}

	/**
	 * Engines kept from previous {@link #draw} calls, most recent first, at most {@link #ENGINES_KEPT}: one is
	 * reused when the next call has its key. NB: a few, not one, because inpainting's window batches come in a
	 * few sizes (unpadded class batches), which would otherwise rebuild an engine on almost every call.
	 */
	private final ArrayDeque<Engine> idle = new ArrayDeque<>();
	static final int ENGINES_KEPT = 4;

	/**
	 * As {@link #sample}, reusing this instance's engine from the previous call when model and shapes are the
	 * same. One call at a time per instance (not thread-safe).
	 */
	public Samples draw(Ride model, List<float[]> images, int width, int height, SampleOptions options,
		Progress progress, CancelToken cancel) {
		return draw(model, images, width, height, options, null, progress, cancel);
	}

	/**
	 * As {@link #draw(Ride, List, int, int, SampleOptions, Progress, CancelToken)}, starting the wavefront at
	 * {@code start.row()} from the given states of the row above (null: at row 0, zero border), which must hold no
	 * pixel to sample. NB: why. Inpainting's proposal shares the current state's LSTM states above the block, so
	 * only the block's rows need LSTM steps and draws.
	 */
	public Samples draw(Ride model, List<float[]> images, int width, int height, SampleOptions options,
		StartRow start, Progress progress, CancelToken cancel) {
		NdInit.ensure();
		Canvas cv = new Canvas(model.mask(), images, width, height, options);
		int a = skew(cv.mask);
		Area area = Area.of(cv, start, model.lstm().numLayers(), model.config().numHiddens());
		if (area == null) return cv.result(); // nothing to sample
		int rows = area.rows(), cols = area.cols(), batch = cv.batch;
		// NB: nothing after the last sampled position changes the images, so the wavefront stops there
		int steps = Math.min(a * (rows - 1) + cols, cv.lastSampledStep(a) - a * area.row0() + 1), maxN = 0;
		for (int s = 0; s < steps; s++) maxN = Math.max(maxN, (iHi(s, a, rows) - iLo(s, a, cols) + 1) * batch);
		Key key = new Key(model, model.lstm(), model.hasWhitening() ? model.whitening() : null, model.mcgsm(), a, rows,
			cols, batch, maxN);
		Engine e = take(key, cv);
		try {
			loop(e, cv, area, a, steps, model.threads(), progress, cancel);
		} finally {
			give(e);
		}
		progress.report("sampling", steps, steps, "done");
		return cv.result();
	}

	/**
	 * The part of the grid the wavefront visits: rows [row0, row0 + rows), columns [0, cols), and the states of row
	 * row0 − 1 per layer {h, c} (null: row0 = 0, zero border). Steps and the state store count rows from row0.
	 * NB: rows below the last sampled row and columns right of the last sampled column never feed a sampled
	 * position (the LSTM reads only up-left, a neighbourhood only pixels), so they are left out.
	 */
	record Area(int row0, int rows, int cols, double[][][] above, int aboveCols) {

		static Area of(Canvas cv, StartRow start, int layers, int hid) {
			int lastRow = -1, lastCol = -1, firstRow = Integer.MAX_VALUE;
			for (int b = 0; b < cv.batch; b++)
				for (int i = 0; i < cv.gridRows; i++)
					for (int j = 0; j < cv.gridCols; j++)
						if (cv.sampled(b, i, j)) {
							firstRow = Math.min(firstRow, i);
							lastRow = Math.max(lastRow, i);
							lastCol = Math.max(lastCol, j);
						}
			if (lastRow < 0) return null;
			if (start == null) return new Area(0, lastRow + 1, lastCol + 1, null, 0);
			if (start.row() > firstRow) throw new IllegalArgumentException("sampling starts at grid row " + start.row()
				+ " but row " + firstRow + " holds a pixel to sample; start at or above the first sampled row");
			if (start.above().length != layers) throw new IllegalArgumentException("the start row has states of "
				+ start.above().length + " layer(s) but the model has " + layers);
			double[][][] above = new double[layers][][];
			for (int l = 0; l < layers; l++) {
				above[l] = new double[][] {start.state(l, 0), start.state(l, 1)};
				for (double[] v : above[l])
					if (v.length != (long) cv.batch * cv.gridCols * hid) throw new IllegalArgumentException("the start row's "
						+ "states have " + v.length + " values per layer but " + cv.batch + " image(s) × " + cv.gridCols
						+ " columns × " + hid + " units need " + (long) cv.batch * cv.gridCols * hid);
			}
			return new Area(start.row(), lastRow - start.row() + 1, lastCol + 1, above, cv.gridCols);
		}
	}

	/** What a cached engine was built for; models and their parts compare by identity. */
	private record Key(Ride model, Object lstm, Object whitening, Object mcgsm, int a, int rows, int cols, int batch,
		int maxN) {}

	/**
	 * Per batch part q (images [from[q], from[q + 1])): its block step and state store. With one part (one
	 * image), step[1] is the block step of the second row half (see {@link #halves}).
	 */
	private record Engine(Key key, int[] from, BlockStep[] step, Store[] store) {}

	private Engine take(Key key, Canvas cv) {
		Engine e = null;
		for (Engine k : idle)
			if (k.key().equals(key)) {
				e = k;
				break;
			}
		if (e != null) idle.remove(e);
		else if (!idle.isEmpty() && idle.peekFirst().key().model() != key.model()) idle.clear(); // another model's
		if (e == null) {
			int b = key.batch();
			int[] from = b >= 2 ? new int[] {0, (b + 1) / 2, b} : new int[] {0, b};
			int parts = from.length - 1;
			BlockStep[] steps = new BlockStep[parts == 1 ? 2 : parts];
			Store[] stores = new Store[parts];
			for (int q = 0; q < parts; q++) {
				int pb = from[q + 1] - from[q];
				steps[q] = new BlockStep(key.model(), cv, key.maxN() / b * pb); // maxN is rows·B for the longest step
				stores[q] = new Store(key.a() + 1, steps[q].numLayers(), key.rows(), pb, key.model().config().numHiddens(),
					key.model().dataType());
			}
			if (parts == 1) steps[1] = new BlockStep(key.model(), cv, key.maxN() - key.maxN() / 2);
			e = new Engine(key, from, steps, stores);
		}
		for (BlockStep s : e.step()) s.use(cv);
		return e;
	}

	private void give(Engine e) {
		for (BlockStep s : e.step()) s.use(null);
		idle.addFirst(e);
		while (idle.size() > ENGINES_KEPT) idle.removeLast();
	}

	private static void loop(Engine e, Canvas cv, Area area, int a, int steps, int threads, Progress progress,
		CancelToken cancel) {
		int parts = e.from().length - 1;
		if (parts == 1) halves(e, cv, area, a, steps, threads, progress, cancel);
		else Chunks.run(parts, Math.min(threads, parts), (w, q) -> loop(e, q, cv, area, a, steps, q == 0 ? progress
			: Progress.NONE, cancel));
		for (BlockStep s : e.step()) s.finishLogq(); // NB: an MCGSM evaluation: one at a time, never in the parts
	}

	/** The whole wavefront of batch part q. */
	private static void loop(Engine e, int q, Canvas cv, Area area, int a, int steps, Progress progress,
		CancelToken cancel) {
		int rows = area.rows(), cols = area.cols(), b0 = e.from()[q], b1 = e.from()[q + 1];
		int maxN = e.key().maxN() / cv.batch * (b1 - b0);
		BlockStep engine = e.step()[q];
		Store store = e.store()[q];
		store.start(area, a, b0, b1);
		int[] pb = new int[maxN], pi = new int[maxN], pj = new int[maxN];
		int every = Math.max(1, steps / REPORTS);
		for (int s = 0; s < steps; s++) {
			cancel.throwIfCancelled();
			if (s % every == 0) progress.report("sampling", s, steps, "wavefront step " + s + " of " + steps);
			int lo = iLo(s, a, cols), hi = iHi(s, a, rows), n = 0;
			for (int i = lo; i <= hi; i++)
				for (int b = b0; b < b1; b++, n++) {
					pb[n] = b;
					pi[n] = area.row0() + i;
					pj[n] = s - a * i;
				}
			store.next(s, area, a, b0, b1);
			engine.run(n, pb, pi, pj, store.block(s, a, lo - iLo(s - 1, a, cols), lo - iLo(s - a, a, cols), 0, n));
		}
	}

	/** Steps of fewer positions are not split: two half pipelines would cost more than they save. */
	static final int SPLIT_MIN = 16;

	/**
	 * The wavefront of one image, each step of ≥ {@link #SPLIT_MIN} positions split into two row halves (the
	 * first ⌈n/2⌉ grid rows, then the rest) with a block step each, run on two threads in lockstep
	 * ({@link Chunks#lockstep}). NB: why. One image has no batch halves, and the positions of a step never read
	 * each other (class javadoc), so its rows can be drawn apart; each half reads and writes only its own rows of
	 * the state store and its own pixels. The split depends on n alone, so the images are bit-identical for any
	 * thread count.
	 */
	private static void halves(Engine e, Canvas cv, Area area, int a, int steps, int threads, Progress progress,
		CancelToken cancel) {
		int rows = area.rows(), cols = area.cols(), maxN = e.key().maxN();
		Store store = e.store()[0];
		store.start(area, a, 0, 1);
		int[][] pb = new int[2][maxN], pi = new int[2][maxN], pj = new int[2][maxN];
		int[] count = new int[2];
		BlockStep.LayerStates[][] st = new BlockStep.LayerStates[2][];
		int every = Math.max(1, steps / REPORTS);
		Chunks.lockstep(steps, Math.min(threads, 2), s -> {
			cancel.throwIfCancelled();
			if (s % every == 0) progress.report("sampling", s, steps, "wavefront step " + s + " of " + steps);
			int lo = iLo(s, a, cols), hi = iHi(s, a, rows), n = hi - lo + 1;
			count[0] = n >= SPLIT_MIN ? (n + 1) / 2 : n;
			count[1] = n - count[0];
			for (int h = 0, i = lo; h < 2; h++)
				for (int k = 0; k < count[h]; k++, i++) {
					pb[h][k] = 0;
					pi[h][k] = area.row0() + i;
					pj[h][k] = s - a * i;
				}
			store.next(s, area, a, 0, 1);
			int dLeft = lo - iLo(s - 1, a, cols), dTop = lo - iLo(s - a, a, cols);
			st[0] = store.block(s, a, dLeft, dTop, 0, count[0]);
			st[1] = count[1] == 0 ? null : store.block(s, a, dLeft, dTop, count[0], count[1]);
		}, (h, s) -> {
			if (count[h] > 0) e.step()[h].run(count[h], pb[h], pi[h], pj[h], st[h]);
		});
	}

	/** First grid row on step s: the smallest i with s − a·i < C. */
	private static int iLo(int s, int a, int cols) {
		return Math.max(0, Math.floorDiv(s - cols + a, a));
	}

	/** Last grid row on step s: the largest i with s − a·i ≥ 0. */
	private static int iHi(int s, int a, int rows) {
		return Math.min(rows - 1, s / a);
	}

	/** The ring of step slots; see the class javadoc for the row layout. */
	private static final class Store {
		private final int slots, layers, hid, rowsPerPart, batch;
		private final DataType dt;
		private final DataBuffer[] buf;
		private final float[] zeroF;
		private final double[] zeroD;
		/** Slice views by (slot, first row, rows); kept across calls with the engine. */
		private final java.util.Map<Long, INDArray> views = new java.util.HashMap<>();

		Store(int slots, int layers, int gridRows, int batch, int hid, DataType dt) {
			this.slots = slots;
			this.layers = layers;
			this.hid = hid;
			this.batch = batch;
			this.dt = dt;
			rowsPerPart = (gridRows + 2) * batch; // a block of ≤ R rows, B zero rows before, ≤ B read past its end
			buf = new DataBuffer[slots];
			long len = (long) layers * 2 * rowsPerPart * hid, bytes = dt == DataType.FLOAT ? 4 : 8;
			String what = "sampling " + batch + " image(s) with " + gridRows + " rows (LSTM state of " + layers
				+ " layer(s) × " + hid + " units)";
			Memory.requireHeap(what, len, Memory.product(len, bytes));
			Memory.requireOffHeap(what, Memory.product(len, slots, bytes));
			for (int k = 0; k < slots; k++) buf[k] = Nd4j.createBuffer(dt, len, true);
			zeroF = dt == DataType.FLOAT ? new float[Math.toIntExact(len)] : null;
			zeroD = dt == DataType.FLOAT ? null : new double[Math.toIntExact(len)];
		}

		/**
		 * Before step 0 of images [b0, b1): every slot zeroed (step 0 reads slot −1 as its left neighbours, and a
		 * reused store holds the previous call's states), then the start row's states of columns [0, a).
		 */
		void start(Area area, int a, int b0, int b1) {
			for (int s = -1; s < a; s++) zero(s);
			for (int s = -a; s < 0; s++) putAbove(s, area, a, b0, b1);
		}

		/** Before step s: its slot zeroed, then the start row's state of column s + a (read by step s + a). */
		void next(int s, Area area, int a, int b0, int b1) {
			zero(s);
			putAbove(s, area, a, b0, b1);
		}

		/**
		 * Rows [0, B) of step s's slot are the top neighbours (−1, s + a) of step s + a's row 0: there the start
		 * row's state of column s + a goes (and stays zero without one, spec §5.1).
		 */
		private void putAbove(int s, Area area, int a, int b0, int b1) {
			int j = s + a;
			if (area.above() == null || j >= area.cols()) return;
			DataBuffer b = buf[Math.floorMod(s, slots)];
			for (int l = 0; l < layers; l++)
				for (int w = 0; w < 2; w++) {
					double[] v = area.above()[l][w];
					int to = (2 * l + w) * rowsPerPart * hid;
					for (int img = b0; img < b1; img++, to += hid) {
						int from = (img * area.aboveCols() + j) * hid;
						if (zeroF != null) {
							java.nio.FloatBuffer f = b.asNioFloat();
							for (int u = 0; u < hid; u++) f.put(to + u, (float) v[from + u]);
						} else b.asNioDouble().put(to, v, from, hid);
					}
				}
		}

		/** Zeroes slot s by a bulk copy (no ND4J op). */
		void zero(int s) {
			DataBuffer b = buf[Math.floorMod(s, slots)];
			if (zeroF != null) b.asNioFloat().put(0, zeroF, 0, zeroF.length);
			else b.asNioDouble().put(0, zeroD, 0, zeroD.length);
		}

		/**
		 * Each layer's slices for the n rows from row {@code first} of the block of step s, whose first grid row is
		 * dLeft (dTop) rows after that of step s−1 (s−a).
		 */
		BlockStep.LayerStates[] block(int s, int a, int dLeft, int dTop, int first, int n) {
			BlockStep.LayerStates[] st = new BlockStep.LayerStates[layers];
			int own = Math.floorMod(s, slots), left = Math.floorMod(s - 1, slots), top = Math.floorMod(s - a, slots);
			long ownRow = batch + first, leftRow = (long) (1 + dLeft) * batch + first, topRow = (long) dTop * batch + first;
			for (int l = 0; l < layers; l++) {
				long h = (long) (2 * l) * rowsPerPart, c = h + rowsPerPart;
				st[l] = new BlockStep.LayerStates(rows(left, h + leftRow, n), rows(left, c + leftRow, n),
					rows(top, h + topRow, n), rows(top, c + topRow, n), rows(own, h + ownRow, n),
					rows(own, c + ownRow, n));
			}
			return st;
		}

		private INDArray rows(int slot, long firstRow, int n) {
			long key = ((long) slot << 56) | (firstRow << 24) | n;
			INDArray v = views.get(key);
			if (v == null) {
				v = Nd4j.create(buf[slot], new long[] {n, hid}, new long[] {hid, 1}, firstRow * hid, 'c', dt);
				views.put(key, v);
			}
			return v;
		}
	}
}
