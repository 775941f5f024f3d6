package org.ride.core.train;

/**
 * One training image in data units: {@code pixels[(c·height + y)·width + x]}, C = pixels.length / (width·height)
 * channel planes, each row-major (the flat layout of {@code Neighbourhoods}). The array is not copied; the
 * trainer only reads it.
 */
public record TrainImage(float[] pixels, int width, int height) {

	public TrainImage {
		if (pixels == null) throw new IllegalArgumentException("training image pixels are missing (null)");
		if (width < 1 || height < 1) throw new IllegalArgumentException("training image is " + width + "×" + height
			+ " px; both sides must be ≥ 1");
		long area = (long) width * height;
		if (pixels.length == 0 || pixels.length % area != 0) throw new IllegalArgumentException("training image has "
			+ pixels.length + " values, not a whole number of " + width + "×" + height + " channel planes");
	}

	public int channels() {
		return pixels.length / (width * height);
	}

	/** A new {@code h × w} image copied from the rectangle at (x0, y0), all channels, same layout. */
	public float[] crop(int x0, int y0, int w, int h) {
		return crop(x0, y0, w, h, new float[channels() * w * h], 0);
	}

	/** Copies the {@code h × w} rectangle at (x0, y0) into {@code out} from {@code offset}; returns out. */
	public float[] crop(int x0, int y0, int w, int h, float[] out, int offset) {
		if (x0 < 0 || y0 < 0 || x0 + w > width || y0 + h > height) throw new IllegalArgumentException("crop " + w + "×"
			+ h + " at (" + x0 + ", " + y0 + ") leaves the " + width + "×" + height + " image");
		int o = offset;
		for (int c = 0; c < channels(); c++)
			for (int y = 0; y < h; y++, o += w)
				System.arraycopy(pixels, (c * height + y0 + y) * width + x0, out, o, w);
		return out;
	}

	/** The left-right mirror (x → W−1−x), a new image. */
	public TrainImage mirrorLeftRight() {
		float[] m = new float[pixels.length];
		for (int row = 0; row < channels() * height; row++) {
			int o = row * width;
			for (int x = 0; x < width; x++) m[o + x] = pixels[o + width - 1 - x];
		}
		return new TrainImage(m, width, height);
	}

	/** The up-down mirror (y → H−1−y), a new image. */
	public TrainImage mirrorUpDown() {
		float[] m = new float[pixels.length];
		for (int c = 0; c < channels(); c++)
			for (int y = 0; y < height; y++)
				System.arraycopy(pixels, (c * height + y) * width, m, (c * height + height - 1 - y) * width, width);
		return new TrainImage(m, width, height);
	}
}
