package org.ride.core.neighbourhood;

import org.nd4j.linalg.api.buffer.DataType;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * One image as a single flat primitive array, the only form the extraction loops read (spec §3.2).
 * <p>
 * Layout: channel planes, each row-major: pixel (x, y, c) is at {@code (c·H + y)·W + x} — the
 * {@code Views.flatIterable} order of an ImgLib2 (x, y[, c]) image. {@code data} is a {@code float[]}
 * for FLOAT extraction or a {@code double[]} for DOUBLE, so one {@code System.arraycopy} per mask run moves
 * pixels straight into the sample rows.
 */
final class FlatImage {

	final int width, height, channels;
	final Object data; // float[] or double[], length C·H·W
	final long minX, minY; // origin of the source interval, for messages only

	private FlatImage(int width, int height, int channels, Object data, long minX, long minY) {
		this.width = width;
		this.height = height;
		this.channels = channels;
		this.data = data;
		this.minX = minX;
		this.minY = minY;
	}

	/** Only FLOAT and DOUBLE are produced; other dtypes are rejected with the fix. */
	static boolean isDouble(DataType t) {
		if (t == DataType.DOUBLE) return true;
		if (t == DataType.FLOAT) return false;
		throw new IllegalArgumentException("neighbourhood extraction supports dtype FLOAT or DOUBLE, not " + t);
	}

	/**
	 * Copies a 2-D (x, y) or 3-D (x, y, c) image in one pass over a flat-iterable cursor.
	 * NB: a cursor rather than {@code PrimitiveBlocks} because {@code RealType<?>} need not be a
	 * {@code NativeType}; either way it is one sequential pass and no per-pixel view.
	 */
	static FlatImage of(RandomAccessibleInterval<? extends RealType<?>> img, CausalMask mask, boolean dbl,
		String name) {
		if (img == null) throw new IllegalArgumentException(name + " is missing (null)");
		int nd = img.numDimensions();
		if (nd != 2 && nd != 3) throw new IllegalArgumentException(name + " has " + nd + " dimensions but must "
			+ "be 2-D (x, y) grey or 3-D (x, y, channel); pick one time point / z slice first");
		long w = img.dimension(0), h = img.dimension(1), c = nd == 3 ? img.dimension(2) : 1;
		if (c != mask.numChannels()) throw new IllegalArgumentException(name + " has " + c + " channel(s) but the "
			+ "mask was made for " + mask.numChannels() + "; use CausalMask.of(nb_size, " + c + ") or convert the "
			+ "image");
		if (w * h * c > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(name + " is too large ("
			+ w + "×" + h + "×" + c + " px) to extract at once; process it in tiles");
		mask.requireFits((int) w, (int) h);
		int n = (int) (w * h * c);
		Cursor<? extends RealType<?>> cur = Views.flatIterable(img).cursor();
		Object data;
		if (dbl) {
			double[] d = new double[n];
			for (int k = 0; k < n; k++) d[k] = cur.next().getRealDouble();
			data = d;
		} else {
			float[] f = new float[n];
			for (int k = 0; k < n; k++) f[k] = cur.next().getRealFloat();
			data = f;
		}
		FlatImage r = new FlatImage((int) w, (int) h, (int) c, data, img.min(0), img.min(1));
		r.requireFinite(name);
		return r;
	}

	/** Wraps (FLOAT) or converts (DOUBLE) a caller's flat array in the layout above; never modifies it. */
	static FlatImage of(float[] pixels, int width, int height, CausalMask mask, boolean dbl, String name) {
		if (pixels == null) throw new IllegalArgumentException(name + " is missing (null)");
		if (width < 1 || height < 1) throw new IllegalArgumentException(name + " has size " + width + "×" + height
			+ "; width and height must be positive");
		long n = (long) width * height * mask.numChannels();
		if (pixels.length != n) throw new IllegalArgumentException(name + " has " + pixels.length + " values but a "
			+ width + "×" + height + " image with " + mask.numChannels() + " channel(s) needs " + n
			+ " (layout (c·H + y)·W + x); check width, height and the mask's channel count");
		mask.requireFits(width, height);
		Object data = pixels;
		if (dbl) {
			double[] d = new double[pixels.length];
			for (int k = 0; k < d.length; k++) d[k] = pixels[k];
			data = d;
		}
		FlatImage r = new FlatImage(width, height, mask.numChannels(), data, 0, 0);
		r.requireFinite(name);
		return r;
	}

	private void requireFinite(String name) {
		int n = width * height * channels;
		int bad = -1;
		if (data instanceof float[] f) {
			for (int k = 0; k < n && bad < 0; k++) if (!Float.isFinite(f[k])) bad = k;
		} else {
			double[] d = (double[]) data;
			for (int k = 0; k < n && bad < 0; k++) if (!Double.isFinite(d[k])) bad = k;
		}
		if (bad < 0) return;
		int x = bad % width, y = (bad / width) % height, c = bad / (width * height);
		double v = data instanceof float[] f ? f[bad] : ((double[]) data)[bad];
		throw new IllegalArgumentException(name + " has a non-finite value " + v + " at pixel (x=" + (x + minX)
			+ ", y=" + (y + minY) + (channels > 1 ? ", c=" + c : "") + "); replace NaN/Inf pixels (e.g. with "
			+ "Process > Math > Remove NaNs) or crop them away");
	}

	int gridRows(CausalMask m) {
		return height - m.rows() + 1;
	}

	int gridCols(CausalMask m) {
		return width - m.cols() + 1;
	}

	/**
	 * Copies the neighbourhood and output of grid position (i, j) into sample row {@code n} of {@code in}
	 * ({@code [N × numInputs]} row-major) and {@code out} ({@code [N × C]}); same primitive type as data.
	 */
	void sample(CausalMask m, int i, int j, Object in, Object out, int n) {
		// NB: typed copies; System.arraycopy on Object-typed short runs is 3-4× slower (generic stub)
		if (data instanceof float[] src) sample(m, i, j, src, (float[]) in, (float[]) out, n);
		else sample(m, i, j, (double[]) data, (double[]) in, (double[]) out, n);
	}

	private void sample(CausalMask m, int i, int j, float[] src, float[] in, float[] out, int n) {
		int p = n * m.numInputs(), plane = width * height;
		for (int c = 0; c < channels; c++) {
			int base = c * plane + i * width + j;
			for (int k = 0; k < m.numRuns(); k++) {
				int len = m.runLen(k);
				System.arraycopy(src, base + m.runRow(k) * width + m.runCol(k), in, p, len);
				p += len;
			}
			out[n * channels + c] = src[base + m.iOff() * width + m.jOff()];
		}
	}

	private void sample(CausalMask m, int i, int j, double[] src, double[] in, double[] out, int n) {
		int p = n * m.numInputs(), plane = width * height;
		for (int c = 0; c < channels; c++) {
			int base = c * plane + i * width + j;
			for (int k = 0; k < m.numRuns(); k++) {
				int len = m.runLen(k);
				System.arraycopy(src, base + m.runRow(k) * width + m.runCol(k), in, p, len);
				p += len;
			}
			out[n * channels + c] = src[base + m.iOff() * width + m.jOff()];
		}
	}
}
