package org.ride.core.inpaint;

/**
 * An image of C channel planes with a mirrored margin of {@code pad} pixels on every side and the mask of the pixels to
 * fill, the state of the inpainting chain. The margin gives every hole, also one touching the image
 * border, a full window of context; it mirrors the current image (refreshed by {@link #mirror()}), so
 * filled values near the border are seen as context too. Flips act on the whole padded image, which is
 * the padding of the flipped image. A pixel is filled in all its channels (the model draws them jointly).
 */
final class PaddedImage {

	final int width, height, pad, pw, ph, channels; // original and padded sizes
	final double[] pix; // [(c·ph + y)·pw + x], padded coordinates
	final boolean[] hole; // [y·pw + x], true where a pixel is to be filled (never in the margin)
	private boolean flippedH, flippedV;

	PaddedImage(float[] image, boolean[] mask, int width, int height, int pad) {
		this(image, 1, mask, width, height, pad);
	}

	/** @param image [(c·height + y)·width + x], {@code channels} planes */
	PaddedImage(float[] image, int channels, boolean[] mask, int width, int height, int pad) {
		this.channels = channels;
		this.width = width;
		this.height = height;
		this.pad = pad;
		pw = width + 2 * pad;
		ph = height + 2 * pad;
		pix = new double[channels * pw * ph];
		hole = new boolean[pw * ph];
		for (int c = 0; c < channels; c++)
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++) pix[(c * ph + y + pad) * pw + x + pad] = image[(c * height + y) * width + x];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) hole[(y + pad) * pw + x + pad] = mask[y * width + x];
		mirror();
	}

	/** Refreshes the margin from the interior: reflection about the border pixel (…, 2, 1, 0, 1, 2, …). */
	void mirror() {
		for (int c = 0, o = 0; c < channels; c++, o += pw * ph)
			for (int y = 0; y < ph; y++)
				for (int x = 0; x < pw; x++) {
					int sx = reflect(x - pad, width), sy = reflect(y - pad, height);
					if (sx != x - pad || sy != y - pad) pix[o + y * pw + x] = pix[o + (sy + pad) * pw + sx + pad];
				}
	}

	/** Index in [0, n) of coordinate v under repeated reflection without edge repetition. */
	static int reflect(int v, int n) {
		if (n == 1) return 0;
		int period = 2 * (n - 1);
		int m = Math.floorMod(v, period);
		return m < n ? m : period - m;
	}

	/** A size×size crop starting at padded (x0, y0), as floats, all channels. */
	float[] crop(int x0, int y0, int size) {
		return crop(x0, y0, size, size);
	}

	/** A w×h crop starting at padded (x0, y0), as floats, [(c·h + y)·w + x]. */
	float[] crop(int x0, int y0, int w, int h) {
		float[] out = new float[channels * w * h];
		for (int c = 0; c < channels; c++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) out[(c * h + y) * w + x] = (float) pix[(c * ph + y0 + y) * pw + x0 + x];
		return out;
	}

	/** The hole restricted to a size×size crop. */
	boolean[] cropHole(int x0, int y0, int size) {
		boolean[] c = new boolean[size * size];
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++) c[y * size + x] = hole[(y0 + y) * pw + x0 + x];
		return c;
	}

	/** Writes the hole pixels of a size×size crop back (all channels). */
	void writeHole(double[] crop, int x0, int y0, int size) {
		writeHole(crop, x0, y0, size, size);
	}

	/** Writes the hole pixels of a w×h crop {@code [(c·h + y)·w + x]} back (all channels). */
	void writeHole(double[] crop, int x0, int y0, int w, int h) {
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int p = (y0 + y) * pw + x0 + x;
				if (hole[p]) for (int c = 0; c < channels; c++) pix[c * pw * ph + p] = crop[(c * h + y) * w + x];
			}
	}

	void flip(boolean horizontal, boolean vertical) {
		if (!horizontal && !vertical) return;
		double[] p2 = pix.clone();
		boolean[] h2 = hole.clone();
		for (int y = 0; y < ph; y++)
			for (int x = 0; x < pw; x++) {
				int sx = horizontal ? pw - 1 - x : x, sy = vertical ? ph - 1 - y : y;
				for (int c = 0, o = 0; c < channels; c++, o += pw * ph) pix[o + y * pw + x] = p2[o + sy * pw + sx];
				hole[y * pw + x] = h2[sy * pw + sx];
			}
		flippedH ^= horizontal;
		flippedV ^= vertical;
	}

	/** Index in original-orientation padded coordinates of the current pixel (x, y). */
	int originalIndex(int x, int y) {
		return (flippedV ? ph - 1 - y : y) * pw + (flippedH ? pw - 1 - x : x);
	}

	/** Back to the original orientation. */
	void unflip() {
		flip(flippedH, flippedV);
	}

	/** Bounding box of the hole in padded coordinates: {x0, y0, x1, y1} inclusive. */
	int[] holeBounds() {
		int x0 = pw, y0 = ph, x1 = -1, y1 = -1;
		for (int y = 0; y < ph; y++)
			for (int x = 0; x < pw; x++)
				if (hole[y * pw + x]) {
					x0 = Math.min(x0, x);
					y0 = Math.min(y0, y);
					x1 = Math.max(x1, x);
					y1 = Math.max(y1, y);
				}
		return new int[] { x0, y0, x1, y1 };
	}

	/** The interior (original image) as floats, [(c·height + y)·width + x]; call in the original orientation. */
	float[] interior() {
		return interior(pix, channels);
	}

	/** The interior of a padded array of {@code planes} planes, [(c·height + y)·width + x]. */
	float[] interior(double[] padded, int planes) {
		float[] out = new float[planes * width * height];
		for (int c = 0; c < planes; c++)
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++)
					out[(c * height + y) * width + x] = (float) padded[(c * ph + y + pad) * pw + x + pad];
		return out;
	}
}
