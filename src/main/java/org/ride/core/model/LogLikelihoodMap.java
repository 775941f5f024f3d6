package org.ride.core.model;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

/**
 * The per-pixel log-likelihood map of an image of any size (spec §7.3): log p(pixel | causal past) in
 * nats, Jacobian included, NaN at the unreachable border (top {@code iOff} rows, left {@code jOff} and
 * right {@code cols−1−jOff} columns).
 * <p>
 * The grid is processed in horizontal bands of {@code bandRows} grid rows; each band starts from the
 * previous band's last-row LSTM state (h, c) instead of zeros, which gives exactly the whole-image
 * result while the working memory grows with the image width, not its area.
 *
 * @param nats      [height·width] row-major, log-likelihood in nats per pixel (all channels together)
 * @param reachable number of scored pixels
 */
public record LogLikelihoodMap(float[] nats, int width, int height, long reachable) {

	/**
	 * Band height for an image {@code width} pixels wide: about 2^17 grid positions per band (≈ 120 MB of
	 * LSTM work memory at 64 hidden units), tall enough for efficient wavefronts (longer diagonals) yet
	 * bounded by the width, so memory grows with the width and not the area: 256 rows at 512 px, 32 at 4096.
	 */
	public static int bandRows(int width) {
		return Math.max(16, Math.min(512, (1 << 17) / Math.max(1, width)));
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
	 * @param bandRows grid rows per band (≥ 1); the result does not depend on it
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
		float[] grid = new float[gridRows * gridCols];
		INDArray[][] top = null;
		double logJ = model.logJacobian();
		for (int i0 = 0; i0 < gridRows; i0 += bandRows) {
			cancel.throwIfCancelled();
			progress.report("log-likelihood map", i0, gridRows, "row " + i0 + " of " + gridRows);
			int rows = Math.min(bandRows, gridRows - i0);
			float[] band = rowsOf(image, channels, width, height, i0, rows + mask.rows() - 1);
			Ride.Grid g = model.whiten(Neighbourhoods.grid(band, width, rows + mask.rows() - 1, mask, model.dataType()));
			INDArray h = model.lstm().forward(g.x(), 1, rows, gridCols, top, false);
			top = model.lstm().lastRowStates();
			INDArray ll = model.mcgsm().logLikelihood(h.transpose(), g.y()).addi(logJ);
			float[] v = ll.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
			System.arraycopy(v, 0, grid, i0 * gridCols, v.length);
		}
		progress.report("log-likelihood map", gridRows, gridRows, "done");
		return new LogLikelihoodMap(Neighbourhoods.toImageMap(grid, 0, gridRows, gridCols, mask), width, height,
			(long) gridRows * gridCols);
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
