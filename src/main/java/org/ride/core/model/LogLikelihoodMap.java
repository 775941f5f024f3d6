package org.ride.core.model;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.mcgsm.Mcgsm;
import org.ride.core.nd.Chunks;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.slstm.BandForward;

/**
 * The per-pixel log-likelihood map of an image of any size (spec §7.3): log p(pixel | causal past) in
 * nats, Jacobian included, NaN at the unreachable border (top {@code iOff} rows, left {@code jOff} and
 * right {@code cols−1−jOff} columns).
 * <p>
 * The grid is processed in horizontal bands of {@code bandRows} grid rows; each band starts from the
 * previous band's last-row LSTM state (h, c) instead of zeros, which gives exactly the whole-image
 * result while the working memory grows with the image width, not its area. Two threads run consecutive bands
 * at once, the lower one a few diagonals behind ({@link BandForward}), each scoring its band with the MCGSM
 * while the other runs the LSTM of the next: the two cores never wait for each other per diagonal.
 *
 * @param nats      [height·width] row-major, log-likelihood in nats per pixel (all channels together)
 * @param reachable number of scored pixels
 */
public record LogLikelihoodMap(float[] nats, int width, int height, long reachable) {

	/**
	 * Band height for an image {@code width} pixels wide: 64 rows, fewer beyond 4096 px (at most 2^18 grid positions
	 * per band, ≈ 300 MB of LSTM work memory per thread at 64 hidden units), so memory grows with the width and not
	 * the area. NB: short bands keep the second thread's start-up lag (it begins one band height of diagonals
	 * after the first) small, and still give diagonals of 64 rows, where the GEMMs run near full speed; measured
	 * on 512²: 64 rows 1.2× faster than 128 and 2× faster than 256 on two threads.
	 */
	public static int bandRows(int width) {
		return Math.max(16, Math.min(64, (1 << 18) / Math.max(1, width)));
	}

	/** Mean log-likelihood over reachable pixels in bits per pixel and channel (higher is better). */
	public double meanBitsPerPixel(int channels) {
		double s = 0;
		for (float v : nats) if (!Float.isNaN(v)) s += v;
		return s / reachable / Math.log(2) / channels;
	}

	/** The map in bits per pixel (a new array). */
	public float[] bits() {
		float[] b = new float[nats.length];
		float k = (float) (1 / Math.log(2));
		for (int i = 0; i < b.length; i++) b[i] = nats[i] * k;
		return b;
	}

	/** {@link #compute(Ride, float[], int, int, int, Progress, CancelToken)} with {@link #bandRows(int)}. */
	public static LogLikelihoodMap compute(Ride model, float[] image, int width, int height, Progress progress,
		CancelToken cancel) {
		return compute(model, image, width, height, bandRows(width), progress, cancel);
	}

	/**
	 * @param image    [(c·height + y)·width + x] pixel values in the model's data units; not modified
	 * @param bandRows grid rows per band (≥ 1); the result does not depend on it beyond float round-off, and not at
	 *                 all on the thread count
	 */
	public static LogLikelihoodMap compute(Ride model, float[] image, int width, int height, int bandRows,
		Progress progress, CancelToken cancel) {
		CausalMask mask = model.mask();
		mask.requireFits(width, height);
		int channels = mask.numChannels();
		if (image.length != channels * width * height) throw new IllegalArgumentException("image has " + image.length
			+ " values but " + channels + " channel(s) of " + width + "×" + height + " need " + channels * width * height);
		if (bandRows < 1) throw new IllegalArgumentException("band height is " + bandRows + " rows; it must be ≥ 1");
		int gridRows = mask.gridRows(width, height), gridCols = mask.gridCols(width, height);
		int rowsPerBand = Math.min(bandRows, gridRows), bands = (gridRows + rowsPerBand - 1) / rowsPerBand;
		// NB: consecutive bands on alternate threads, each band's LSTM waiting on the one above diagonal by diagonal
		// and then scoring its band while the other thread runs the next one (see BandForward)
		int workers = Math.max(1, Math.min(Math.min(model.threads(), 2), bands));
		BandForward[] lstm = model.lstm().bandForwards(workers, rowsPerBand, gridCols);
		Mcgsm[] mcgsm = model.mcgsm().threadEvaluators(workers);
		float[] grid = new float[gridRows * gridCols];
		double logJ = model.logJacobian();
		// NB: each thread whitens its full bands into the same two buffers: fresh ND4J arrays per band (allocation
		// and first touch of new memory) are avoidable work
		long perBand = (long) rowsPerBand * gridCols;
		INDArray[][] whitened = new INDArray[workers][];
		for (int w = 0; w < workers; w++)
			whitened[w] = new INDArray[] {
				Nd4j.createUninitialized(model.dataType(), new long[] {mask.numInputs(), perBand}, 'f'),
				Nd4j.createUninitialized(model.dataType(), new long[] {channels, perBand}, 'f')};
		AtomicReference<Throwable> failure = new AtomicReference<>();
		BooleanSupplier stop = () -> failure.get() != null || cancel.isCancelled();
		try {
			Chunks.run(workers, workers, (w, q) -> {
				try {
					for (int t = q; t < bands; t += workers) {
						cancel.throwIfCancelled();
						int i0 = t * rowsPerBand, rows = Math.min(rowsPerBand, gridRows - i0);
						if (q == 0) progress.report("log-likelihood map", i0, gridRows, "row " + i0 + " of " + gridRows);
						float[] band = rowsOf(image, channels, width, height, i0, rows + mask.rows() - 1);
						boolean full = rows == rowsPerBand;
						Ride.Grid g = model.whiten(Neighbourhoods.grid(band, width, rows + mask.rows() - 1, mask,
							model.dataType()), full ? whitened[q][0] : null, full ? whitened[q][1] : null);
						INDArray h = lstm[q].forward(g.x(), t, rows, t == 0 ? null : lstm[(t - 1) % workers], stop);
						INDArray ll = mcgsm[q].logLikelihood(h.transpose(), g.y()).addi(logJ); // [1, n]
						copyRow(ll, grid, i0 * gridCols);
					}
				} catch (Throwable e) {
					failure.compareAndSet(null, e); // the first failure; the other thread's wait then stops too
					throw e;
				}
			});
		} catch (RuntimeException | Error e) {
			Throwable first = failure.get();
			if (first instanceof RuntimeException re) throw re;
			if (first instanceof Error er) throw er;
			throw e;
		}
		progress.report("log-likelihood map", gridRows, gridRows, "done");
		return new LogLikelihoodMap(Neighbourhoods.toImageMap(grid, 0, gridRows, gridCols, mask), width, height,
			(long) gridRows * gridCols);
	}

	/** The values of a row vector into dst[at..]: straight from its memory when FLOAT and contiguous. */
	private static void copyRow(INDArray row, float[] dst, int at) {
		int n = Math.toIntExact(row.length());
		if (row.dataType() == DataType.FLOAT && row.elementWiseStride() == 1)
			row.data().asNioFloat().get(Math.toIntExact(row.offset()), dst, at, n);
		else System.arraycopy(row.castTo(DataType.FLOAT).dup('c').data().asFloat(), 0, dst, at, n);
	}

	/** Image rows [y0, y0+n) of every channel, same layout. */
	static float[] rowsOf(float[] image, int channels, int width, int height, int y0, int n) {
		if (y0 == 0 && n == height) return image;
		float[] out = new float[channels * n * width];
		for (int c = 0; c < channels; c++)
			System.arraycopy(image, (c * height + y0) * width, out, c * n * width, n * width);
		return out;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof LogLikelihoodMap m && Arrays.equals(nats, m.nats) && width == m.width && height == m.height;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(nats);
	}
}
