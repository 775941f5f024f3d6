package org.ride.core.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.neighbourhood.Neighbourhoods;

/**
 * The training patches of one curriculum epoch, only referenced as (image, x0, y0); {@link #batch} copies a
 * run of them into reused buffers and extracts their neighbourhoods. Two ways to choose them:
 * <ul>
 * <li>{@link #grid}: every non-overlapping {@code p × p} patch (stride p from the top-left corner, spec
 * §8.1 step 6.2, pitfall 15) in random order, optionally cut to a random subset;</li>
 * <li>{@link #random}: n patches at uniformly random offsets over all valid positions of all images
 * (overlapping allowed). On one image the grid has only (W/p)(H/p) patches, the offsets (W−p+1)(H−p+1).</li>
 * </ul>
 * Both skip patches that touch a held-out validation tile ({@link PatchArea}).
 */
final class PatchSet {

	private final List<TrainImage> images;
	private final int size;
	private final int[] image, x0, y0; // patch n comes from images[image[n]] at (x0[n], y0[n])
	private List<float[]> buffers = List.of();

	private PatchSet(List<TrainImage> images, int size, int[] image, int[] x0, int[] y0) {
		this.images = images;
		this.size = size;
		this.image = image;
		this.x0 = x0;
		this.y0 = y0;
	}

	/** Number of non-overlapping grid patches of one image that avoid its held-out tiles. */
	static long gridCount(TrainImage im, PatchArea area, int p) {
		long n = 0;
		for (int y = 0; y + p <= im.height(); y += p)
			for (int x = 0; x + p <= im.width(); x += p)
				if (area.fits(x, y, p)) n++;
		return n;
	}

	/**
	 * @param maxPatches keep a random subset of this many (0 = all)
	 * @param random     the stage's shuffle stream
	 */
	static PatchSet grid(List<TrainImage> images, List<PatchArea> areas, int p, int maxPatches, Random random) {
		long total = 0;
		for (int b = 0; b < images.size(); b++) total += gridCount(images.get(b), areas.get(b), p);
		if (total > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(total + " patches of " + p + "×" + p
			+ " px are too many for one stage; set a patch cap (maxPatchesPerStage)");
		int n = (int) total;
		int[] img = new int[n], xs = new int[n], ys = new int[n];
		int k = 0;
		for (int b = 0; b < images.size(); b++) {
			TrainImage im = images.get(b);
			for (int y = 0; y + p <= im.height(); y += p)
				for (int x = 0; x + p <= im.width(); x += p) {
					if (!areas.get(b).fits(x, y, p)) continue;
					img[k] = b;
					xs[k] = x;
					ys[k++] = y;
				}
		}
		// Fisher–Yates; with a cap only the first `keep` positions are drawn (a uniform random subset)
		int keep = maxPatches > 0 ? Math.min(maxPatches, n) : n;
		for (int i = 0; i < keep && i < n - 1; i++) {
			int j = i + random.nextInt(n - i);
			swap(img, i, j);
			swap(xs, i, j);
			swap(ys, i, j);
		}
		return new PatchSet(images, p, Arrays.copyOf(img, keep), Arrays.copyOf(xs, keep), Arrays.copyOf(ys, keep));
	}

	/**
	 * {@code n} patches, each uniform over the valid p×p positions of all images: the image in proportion
	 * to its number of valid positions, then the offset by rejection (held-out tiles are a small part).
	 */
	static PatchSet random(List<TrainImage> images, List<PatchArea> areas, int p, int n, Random random) {
		long[] cum = new long[images.size()];
		long total = 0;
		for (int b = 0; b < images.size(); b++) cum[b] = total += areas.get(b).positions(p);
		if (total == 0) throw new IllegalArgumentException("no " + p + "×" + p + " px patch fits the training images");
		int[] img = new int[n], xs = new int[n], ys = new int[n];
		for (int i = 0; i < n; i++) {
			long r = (long) (random.nextDouble() * total);
			int b = firstAbove(cum, r);
			TrainImage im = images.get(b);
			PatchArea a = areas.get(b);
			int x, y;
			do {
				x = random.nextInt(im.width() - p + 1);
				y = random.nextInt(im.height() - p + 1);
			} while (!a.fits(x, y, p));
			img[i] = b;
			xs[i] = x;
			ys[i] = y;
		}
		return new PatchSet(images, p, img, xs, ys);
	}

	/** The first index b with cum[b] &gt; r (cum is non-decreasing; images without room repeat a value). */
	private static int firstAbove(long[] cum, long r) {
		int lo = 0, hi = cum.length - 1;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (cum[mid] > r) hi = mid;
			else lo = mid + 1;
		}
		return lo;
	}

	private static void swap(int[] a, int i, int j) {
		int t = a[i];
		a[i] = a[j];
		a[j] = t;
	}

	int size() {
		return image.length;
	}

	int patchSize() {
		return size;
	}

	/** Neighbourhoods of patches [from, from+count) as one batch of {@code count} p×p images. */
	Neighbourhoods batch(int from, int count, CausalMask mask, DataType dtype) {
		if (buffers.size() != count) {
			List<float[]> b = new ArrayList<>(count);
			for (int i = 0; i < count; i++) b.add(new float[mask.numChannels() * size * size]);
			buffers = b;
		}
		for (int i = 0; i < count; i++) {
			int n = from + i;
			images.get(image[n]).crop(x0[n], y0[n], size, size, buffers.get(i), 0);
		}
		return Neighbourhoods.batch(buffers, size, size, mask, dtype);
	}
}
