package org.ride.core.model;

/**
 * The 8 symmetries of the square (spec §8.3): identity, horizontal flip, vertical flip, both flips,
 * and the transpose combined with each of those. They permute pixels, so they have no Jacobian.
 * Images are row-major {@code float[height·width]}.
 */
public enum Symmetry {
	IDENTITY(false, false, false),
	FLIP_H(false, true, false),
	FLIP_V(false, false, true),
	FLIP_HV(false, true, true),
	TRANSPOSE(true, false, false),
	TRANSPOSE_FLIP_H(true, true, false),
	TRANSPOSE_FLIP_V(true, false, true),
	TRANSPOSE_FLIP_HV(true, true, true);

	private final boolean transpose, flipH, flipV;

	Symmetry(boolean transpose, boolean flipH, boolean flipV) {
		this.transpose = transpose;
		this.flipH = flipH;
		this.flipV = flipV;
	}

	/** Height of the transformed image. */
	public int height(int h, int w) {
		return transpose ? w : h;
	}

	/** Width of the transformed image. */
	public int width(int h, int w) {
		return transpose ? h : w;
	}

	/**
	 * out = T(in): first transpose (if any), then flip columns (H) and rows (V).
	 * @param in  [h·w] row-major, not modified
	 * @return [height(h,w) · width(h,w)] row-major, newly allocated
	 */
	public float[] apply(float[] in, int h, int w) {
		int oh = height(h, w), ow = width(h, w);
		float[] out = new float[in.length];
		for (int r = 0; r < oh; r++)
			for (int c = 0; c < ow; c++)
				out[r * ow + c] = in[sourceIndex(r, c, h, w)];
		return out;
	}

	/** in = T⁻¹(out): maps a transformed image (e.g. a log-likelihood map) back onto the original grid. */
	public float[] invert(float[] out, int h, int w) {
		int oh = height(h, w), ow = width(h, w);
		float[] in = new float[out.length];
		for (int r = 0; r < oh; r++)
			for (int c = 0; c < ow; c++)
				in[sourceIndex(r, c, h, w)] = out[r * ow + c];
		return in;
	}

	/**
	 * T applied to every channel plane of a multichannel image {@code [(c·h + y)·w + x]} (the channels stay
	 * where they are: a symmetry moves pixels, not colours).
	 */
	public float[] applyPlanes(float[] in, int channels, int h, int w) {
		if (channels == 1) return apply(in, h, w);
		int plane = h * w;
		float[] out = new float[in.length];
		for (int c = 0; c < channels; c++)
			System.arraycopy(apply(java.util.Arrays.copyOfRange(in, c * plane, (c + 1) * plane), h, w), 0, out, c * plane,
				plane);
		return out;
	}

	/** Index into the original h×w image of pixel (r,c) of the transformed image. */
	private int sourceIndex(int r, int c, int h, int w) {
		int oh = height(h, w), ow = width(h, w);
		int rr = flipV ? oh - 1 - r : r, cc = flipH ? ow - 1 - c : c;
		return transpose ? cc * w + rr : rr * w + cc;
	}
}
