package org.ride.core.sample;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.ride.core.neighbourhood.CausalMask;

/**
 * The B images being sampled and everything tied to their pixels (spec §7.7): the current values, which
 * pixels to sample, the clip range, the pre-drawn noise and the log q sums. The plain-Java ends of the
 * per-position pipeline live here, shared by both samplers: neighbourhood gather and clip + write-back.
 * <p>
 * Positions are grid coordinates (b, i, j); grid position (i, j) predicts pixel (i + iOff, j + jOff).
 * <b>Noise</b> is tied to the position, not to the visiting order: a {@link Random} seeded with the user's seed
 * draws, for b = 0..B−1, i = 0..R−1, j = 0..C−1 in turn, D normals ({@code nextGaussian}) then one uniform
 * ({@code nextDouble}) — the per-column order of {@code Mcgsm.sample(x, rng)}. So every visiting order gives the
 * same image. With per-image seeds ({@link SampleOptions#seeds()}) image b draws its positions from its own
 * Random(seeds[b]), so it gets the same noise whatever else is in the batch. Positions that are not sampled still consume their draws.
 */
final class Canvas {

	final CausalMask mask;
	final int width, height, channels, batch, gridRows, gridCols;
	final double[][] pix; // [b][(c·H + y)·W + x]
	final double[] logq; // per image, or null
	private final boolean[][] sampleMasks; // [b][y·W + x], entries null = every reachable pixel
	private final double[] lo, hi;
	private final double[] z, u; // [q·D + d], [q], q = (b·R + i)·C + j
	private final int[] inOff; // one channel's inputs, offsets from pixel (i, j), row-major mask order

	Canvas(CausalMask mask, List<float[]> images, int width, int height, SampleOptions o) {
		this.mask = mask;
		this.width = width;
		this.height = height;
		channels = mask.numChannels();
		if (images == null || images.isEmpty())
			throw new IllegalArgumentException("no images to sample into; pass at least one initial image");
		batch = images.size();
		gridRows = mask.gridRows(width, height);
		gridCols = mask.gridCols(width, height);
		pix = new double[batch][];
		for (int b = 0; b < batch; b++) pix[b] = copy(images.get(b), b);
		if (o.masks() != null && o.masks().length != batch) throw new IllegalArgumentException("there are "
			+ o.masks().length + " sample masks for " + batch + " images; pass one per image");
		if (o.seeds() != null && o.seeds().length != batch) throw new IllegalArgumentException("there are "
			+ o.seeds().length + " noise seeds for " + batch + " images; pass one per image");
		sampleMasks = new boolean[batch][];
		for (int b = 0; b < batch; b++) {
			boolean[] m = o.masks() != null ? o.masks()[b] : o.mask();
			if (m != null && m.length != width * height) throw new IllegalArgumentException("sample mask has "
				+ m.length + " entries but the images are " + width + "×" + height + " = " + width * height
				+ " px; pass one boolean per pixel, index y·width + x");
			sampleMasks[b] = m;
		}
		lo = bounds(o.minValues(), Double.NEGATIVE_INFINITY, "min");
		hi = bounds(o.maxValues(), Double.POSITIVE_INFINITY, "max");
		for (int c = 0; c < channels; c++) if (!(lo[c] <= hi[c])) throw new IllegalArgumentException("clip range of "
			+ "channel " + c + " is [" + lo[c] + ", " + hi[c] + "]; the minimum must not exceed the maximum");
		logq = o.logq() ? new double[batch] : null;
		int positions = Math.multiplyExact(Math.multiplyExact(batch, gridRows), gridCols);
		z = new double[Math.multiplyExact(positions, channels)];
		u = new double[positions];
		Random rng = new Random(o.seed());
		for (int q = 0; q < positions; q++) {
			if (o.seeds() != null && q % (gridRows * gridCols) == 0) rng = new Random(o.seeds()[q / (gridRows * gridCols)]);
			for (int d = 0; d < channels; d++) z[q * channels + d] = rng.nextGaussian();
			u[q] = rng.nextDouble();
		}
		inOff = new int[mask.numInputsPerChannel()];
		for (int r = 0, k = 0; r < mask.rows(); r++)
			for (int c = 0; c < mask.cols(); c++) if (mask.isInput(r, c)) inOff[k++] = r * width + c;
	}

	private double[] copy(float[] im, int b) {
		int n = channels * width * height;
		if (im == null || im.length != n) throw new IllegalArgumentException("image " + b + " has "
			+ (im == null ? "no" : String.valueOf(im.length)) + " values but " + channels + " channel(s) of " + width
			+ "×" + height + " need " + n + " (layout (c·H + y)·W + x)");
		double[] d = new double[n];
		for (int k = 0; k < n; k++) {
			if (!Float.isFinite(im[k])) throw new IllegalArgumentException("image " + b + " has a non-finite value "
				+ im[k] + " at index " + k + "; initial values must be finite (replace NaNs first)");
			d[k] = im[k];
		}
		return d;
	}

	private double[] bounds(double[] v, double none, String name) {
		if (v == null) {
			double[] r = new double[channels];
			Arrays.fill(r, none);
			return r;
		}
		if (v.length != channels) throw new IllegalArgumentException(name + " clip values have " + v.length
			+ " entries but the model has " + channels + " channel(s); pass one per channel");
		return v.clone();
	}

	int numInputs() {
		return mask.numInputs();
	}

	/** The largest a·i + j over sampled positions of all images, or −1 if none. */
	int lastSampledStep(int a) {
		int last = -1;
		for (int b = 0; b < batch; b++)
			for (int i = gridRows - 1; i >= 0 && a * i + gridCols - 1 > last; i--)
				for (int j = gridCols - 1; j >= 0; j--)
					if (sampled(b, i, j)) {
						last = Math.max(last, a * i + j);
						break;
					}
		return last;
	}

	/** Whether the output pixel of grid position (i, j) of image b is to be sampled. */
	boolean sampled(int b, int i, int j) {
		boolean[] m = sampleMasks[b];
		return m == null || m[(i + mask.iOff()) * width + j + mask.jOff()];
	}

	/** Neighbourhoods of positions k < n from the current images into rows k of {@code x} [n, N_in], row-major. */
	void gather(int n, int[] pb, int[] pi, int[] pj, double[] x) {
		int per = inOff.length, plane = width * height, nin = numInputs();
		for (int k = 0; k < n; k++) {
			double[] src = pix[pb[k]];
			int base = pi[k] * width + pj[k], p = k * nin;
			for (int c = 0; c < channels; c++, base += plane)
				for (int m = 0; m < per; m++) x[p++] = src[base + inOff[m]];
		}
	}

	/** The pre-drawn noise of positions k < n: z column-major [D, n], u [n]. */
	void noise(int n, int[] pb, int[] pi, int[] pj, double[] zOut, double[] uOut) {
		for (int k = 0; k < n; k++) {
			int q = (pb[k] * gridRows + pi[k]) * gridCols + pj[k];
			System.arraycopy(z, q * channels, zOut, k * channels, channels);
			uOut[k] = u[q];
		}
	}

	/** Clips the drawn pixels y (column-major [D, n]) per channel and writes those that are to be sampled. */
	void write(int n, int[] pb, int[] pi, int[] pj, double[] y) {
		int plane = width * height;
		for (int k = 0; k < n; k++) {
			if (!sampled(pb[k], pi[k], pj[k])) continue;
			int at = (pi[k] + mask.iOff()) * width + pj[k] + mask.jOff();
			for (int c = 0; c < channels; c++) {
				double v = y[k * channels + c];
				if (!Double.isFinite(v)) throw new IllegalStateException("sampling diverged: the model drew " + v
					+ " for pixel (x=" + (at % width) + ", y=" + (at / width) + ") of image " + pb[k] + "; the model "
					+ "is unstable here (e.g. LSTM memory overflowing with untrained forget gates); use a trained model "
					+ "or a clip range");
				pix[pb[k]][c * plane + at] = Math.min(hi[c], Math.max(lo[c], v));
			}
		}
	}

	Samples result() {
		return new Samples(pix, width, height, channels, logq == null ? null : logq.clone());
	}
}
