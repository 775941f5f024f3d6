package org.ride.core.train;

/**
 * Where training patches may lie in one image: anywhere except on held-out pixels (validation tiles).
 * A 2-D prefix sum of the held-out mask answers "does this p×p patch touch a held-out pixel" in O(1).
 */
final class PatchArea {

	private final int width, height;
	private final boolean[] held; // [y·W + x], null = nothing held out
	private final int[] sum; // (W+1)(H+1) prefix sums of held, null when held is null

	PatchArea(int width, int height, boolean[] held) {
		this.width = width;
		this.height = height;
		boolean any = false;
		if (held != null) for (boolean h : held) any |= h;
		this.held = any ? held : null;
		if (!any) {
			sum = null;
			return;
		}
		sum = new int[(width + 1) * (height + 1)];
		for (int y = 0; y < height; y++)
			for (int x = 0, row = 0; x < width; x++) {
				row += held[y * width + x] ? 1 : 0;
				sum[(y + 1) * (width + 1) + x + 1] = sum[y * (width + 1) + x + 1] + row;
			}
	}

	/** Nothing held out. */
	static PatchArea all(int width, int height) {
		return new PatchArea(width, height, null);
	}

	/** True if the p×p patch at (x0, y0) lies inside the image and touches no held-out pixel. */
	boolean fits(int x0, int y0, int p) {
		if (x0 < 0 || y0 < 0 || x0 + p > width || y0 + p > height) return false;
		if (sum == null) return true;
		int w = width + 1;
		return sum[(y0 + p) * w + x0 + p] - sum[y0 * w + x0 + p] - sum[(y0 + p) * w + x0] + sum[y0 * w + x0] == 0;
	}

	/** Number of valid p×p patch positions (overlapping allowed). */
	long positions(int p) {
		if (width < p || height < p) return 0;
		if (sum == null) return (long) (width - p + 1) * (height - p + 1);
		long n = 0;
		for (int y = 0; y + p <= height; y++)
			for (int x = 0; x + p <= width; x++)
				if (fits(x, y, p)) n++;
		return n;
	}

	/** The area of the left-right mirrored image. */
	PatchArea mirrorLeftRight() {
		if (held == null) return this;
		boolean[] m = new boolean[held.length];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) m[y * width + x] = held[y * width + width - 1 - x];
		return new PatchArea(width, height, m);
	}

	/** The area of the up-down mirrored image. */
	PatchArea mirrorUpDown() {
		if (held == null) return this;
		boolean[] m = new boolean[held.length];
		for (int y = 0; y < height; y++) System.arraycopy(held, (height - 1 - y) * width, m, y * width, width);
		return new PatchArea(width, height, m);
	}
}
