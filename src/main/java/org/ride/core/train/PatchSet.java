package org.ride.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.neighbourhood.Neighbourhoods;

/**
 * The training patches of one curriculum stage (spec §8.1 step 6.2, pitfall 15): every non-overlapping
 * {@code p × p} patch (stride p, from the top-left corner) of every image, in random order from the
 * stage's seeded {@link Random}, optionally cut to a random subset. Patches are only referenced
 * (image, x0, y0); {@link #batch} copies a run of them into reused buffers and extracts their
 * neighbourhoods (a few array copies per patch, small against the LSTM's cost; see TrainBenchmark).
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

	/** Number of non-overlapping p×p patches of one w×h image. */
	static long count(int w, int h, int p) {
		return (long) (w / p) * (h / p);
	}

	/**
	 * @param maxPatches keep a random subset of this many (0 = all)
	 * @param random     the stage's shuffle stream
	 */
	static PatchSet of(List<TrainImage> images, int p, int maxPatches, Random random) {
		long total = 0;
		for (TrainImage im : images) total += count(im.width(), im.height(), p);
		if (total > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(total + " patches of " + p + "×" + p
			+ " px are too many for one stage; set a patch cap (maxPatchesPerStage)");
		int n = (int) total;
		int[] img = new int[n], xs = new int[n], ys = new int[n];
		int k = 0;
		for (int b = 0; b < images.size(); b++) {
			TrainImage im = images.get(b);
			for (int y = 0; y + p <= im.height(); y += p)
				for (int x = 0; x + p <= im.width(); x += p, k++) {
					img[k] = b;
					xs[k] = x;
					ys[k] = y;
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
		return new PatchSet(images, p, java.util.Arrays.copyOf(img, keep), java.util.Arrays.copyOf(xs, keep),
			java.util.Arrays.copyOf(ys, keep));
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
