package org.ride.core.data;

/**
 * Front-to-back occlusion canvas of the dead-leaves recipe (data-and-cost.md §1.3 items 6–8).
 *
 * <p>The canvas is a grid of G×G cells, G = sub·N, where N is the image side in pixels and
 * {@code sub} = 1 (one sample at each pixel centre) or 4 (the DL-256-AA 4×4 sub-samples). Cell
 * (gx, gy) sits at image coordinates u = (gx+0.5)/sub, v = (gy+0.5)/sub and is covered by a disk
 * (cx, cy, r) iff
 * <pre>
 *     (u − cx)² + (v − cy)² &lt; r²     (strict; computed as dx*dx + dy*dy &lt; r*r in double)
 * </pre>
 * For sub = 1 this is exactly {@code (x+0.5−cx)² + (y+0.5−cy)² < r²}. Leaves arrive front to back: a
 * leaf only paints cells no earlier leaf covered, so the first leaf to cover a cell owns it.
 *
 * <p>Painting visits only the disk's bounding box clipped to the grid, skips fully covered rows and
 * keeps a count of uncovered cells, so {@link #isComplete()} is O(1).
 *
 * <p>Layout: cells row-major, index gy·G + gx. Pixel values: mean of the sub×sub cell intensities of
 * a pixel, quantised as v = min(255, floor(256·mean)) to 8 bit, row-major y·N + x.
 */
final class DeadLeafCanvas {

	private final int size; // N, image side in pixels
	private final int sub; // sub-samples per pixel side (1 or 4)
	private final int grid; // G = sub·N
	private final double[] intensity; // [G·G] f64, intensity of the owning leaf
	private final boolean[] covered; // [G·G]
	private final int[] rowUncovered; // [G] uncovered cells per grid row
	private final double[] centre; // [G] (g+0.5)/sub, the image coordinate of cell g (exact in binary)
	private long uncovered;

	DeadLeafCanvas(int size, int sub) {
		if (size < 1 || sub < 1 || (long) size * sub > 1 << 14)
			throw new IllegalArgumentException("canvas of " + size + " px with " + sub + "×" + sub
				+ " sub-samples is out of range; use 1 ≤ size·sub ≤ 16384");
		this.size = size;
		this.sub = sub;
		this.grid = size * sub;
		this.intensity = new double[grid * grid];
		this.covered = new boolean[grid * grid];
		this.rowUncovered = new int[grid];
		java.util.Arrays.fill(rowUncovered, grid);
		this.centre = new double[grid];
		for (int g = 0; g < grid; g++)
			centre[g] = (g + 0.5) / sub;
		this.uncovered = (long) grid * grid;
	}

	/**
	 * Paints the not yet covered cells inside the disk with {@code value}.
	 *
	 * @return the number of cells newly covered by this leaf (0 if fully occluded or off the grid)
	 */
	int paint(double cx, double cy, double r, double value) {
		double r2 = r * r;
		// Cell g is a candidate iff |(g+0.5)/sub − c| < r, i.e. sub·(c−r) − 0.5 < g < sub·(c+r) − 0.5.
		int gy0 = Math.max(0, (int) Math.floor(sub * (cy - r) - 0.5));
		int gy1 = Math.min(grid - 1, (int) Math.ceil(sub * (cy + r) - 0.5));
		int gx0 = Math.max(0, (int) Math.floor(sub * (cx - r) - 0.5));
		int gx1 = Math.min(grid - 1, (int) Math.ceil(sub * (cx + r) - 0.5));
		int painted = 0;
		for (int gy = gy0; gy <= gy1; gy++) {
			if (rowUncovered[gy] == 0) continue;
			double dy = centre[gy] - cy;
			double dy2 = dy * dy;
			if (dy2 >= r2) continue;
			int n = paintRow(gy, gx0, gx1, cx, dy2, r2, value);
			rowUncovered[gy] -= n;
			painted += n;
		}
		uncovered -= painted;
		return painted;
	}

	private int paintRow(int gy, int gx0, int gx1, double cx, double dy2, double r2, double value) {
		// NB: the sqrt only narrows the scan (±1 cell of slack); the exact test below decides.
		double half = Math.sqrt(r2 - dy2);
		int a = Math.max(gx0, (int) Math.floor(sub * (cx - half) - 0.5) - 1);
		int b = Math.min(gx1, (int) Math.ceil(sub * (cx + half) - 0.5) + 1);
		int row = gy * grid;
		int n = 0;
		for (int gx = a; gx <= b; gx++) {
			int k = row + gx;
			if (covered[k]) continue;
			double dx = centre[gx] - cx;
			if (dx * dx + dy2 < r2) {
				covered[k] = true;
				intensity[k] = value;
				n++;
			}
		}
		return n;
	}

	boolean isComplete() {
		return uncovered == 0;
	}

	long uncovered() {
		return uncovered;
	}

	boolean isCovered(int gx, int gy) {
		return covered[gy * grid + gx];
	}

	/** 8-bit pixels, row-major [N·N]: v = min(255, floor(256·mean of the pixel's cells)). */
	byte[] quantise() {
		byte[] out = new byte[size * size];
		double cells = (double) sub * sub; // NB: 1 or 16, so the mean of one cell is exact
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++) {
				double sum = 0;
				for (int j = 0; j < sub; j++) {
					int row = (y * sub + j) * grid + x * sub;
					for (int i = 0; i < sub; i++)
						sum += intensity[row + i];
				}
				out[y * size + x] = (byte) quantise(sum / cells);
			}
		return out;
	}

	/** v = min(255, floor(256·I)) for I in [0, 1]. */
	static int quantise(double value) {
		return Math.min(255, (int) Math.floor(256.0 * value));
	}
}
