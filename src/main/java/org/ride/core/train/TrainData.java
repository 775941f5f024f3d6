package org.ride.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.ride.core.neighbourhood.CausalMask;

/**
 * The checked, split and augmented images of one training run (spec §8.1 steps 2 and 4).
 * <p>
 * Validation holds out <b>tiles</b>, not whole images, so that a user with one image still gets a
 * held-out score: every image is cut into s×s tiles from its top-left corner, s = min(64, shortest side),
 * made smaller (down to 16 px) until there are at least 10 tiles, and round(f·#tiles) of them (at least
 * one when f &gt; 0) are chosen by the seed. Training patches never touch a held-out tile (also in the
 * mirrored copies); the tiles are scored from zero LSTM borders ({@link HeldOut}). With several small
 * images of one tile each this is the spec's "hold out whole images".
 *
 * @param train    training images: the originals, then (augment ≥ 1) their left-right mirrors, then
 *                 (augment 2) up-down mirrors of all of those
 * @param areas    where patches may lie in each training image (parallel to {@code train})
 * @param heldOut  the held-out tiles, each {@code tileSide × tileSide} (not augmented), possibly empty
 * @param tileSide side of the held-out tiles
 */
record TrainData(List<TrainImage> train, List<PatchArea> areas, List<float[]> heldOut, int tileSide) {

	private static final int MAX_TILE = 64, MIN_TILE = 16, MIN_TILES = 10;

	static TrainData of(List<TrainImage> images, CausalMask mask, TrainConfig cfg) {
		if (images == null || images.isEmpty())
			throw new IllegalArgumentException("no training images given; pass at least one image");
		int c = mask.numChannels(), p0 = cfg.patchSize(0);
		for (int s = 0; s < cfg.numStages(); s++) {
			int p = cfg.patchSize(s);
			if (p < mask.rows() || p < mask.cols()) throw new IllegalArgumentException("stage " + (s + 1) + " uses "
				+ p + "×" + p + " px patches but nb_size=" + mask.nbSize() + " needs a " + mask.rows() + "×" + mask.cols()
				+ " window; use patch sizes of at least " + Math.max(mask.rows(), mask.cols()));
		}
		for (int b = 0; b < images.size(); b++) {
			TrainImage im = images.get(b);
			if (im == null) throw new IllegalArgumentException("training image " + b + " is missing (null)");
			if (im.channels() != c) throw new IllegalArgumentException("training image " + b + " has " + im.channels()
				+ " channel(s) but the model predicts " + c + "; convert the images or use a model for " + im.channels()
				+ " channel(s)");
			if (im.width() < p0 || im.height() < p0) throw new IllegalArgumentException("training image " + b + " is "
				+ im.width() + "×" + im.height() + " px but the first curriculum stage uses " + p0 + "×" + p0
				+ " px patches; use images of at least " + p0 + "×" + p0 + " px or a smaller first patch size");
		}
		List<TrainImage> train = new ArrayList<>(images);
		List<PatchArea> areas = new ArrayList<>();
		List<float[]> held = new ArrayList<>();
		int side = tileSide(images);
		if (cfg.validationFraction() > 0) {
			if (side < mask.cols() || side < mask.rows()) throw new IllegalArgumentException("the images are too "
				+ "small to hold out validation tiles (" + side + " px) for nb_size=" + mask.nbSize()
				+ "; use larger images or set the validation fraction to 0");
			holdOutTiles(images, side, cfg, areas, held);
		} else for (TrainImage im : images) areas.add(PatchArea.all(im.width(), im.height()));
		checkStages(train, areas, cfg);
		if (cfg.augment() >= 1) for (int b = 0, n = train.size(); b < n; b++) {
			train.add(train.get(b).mirrorLeftRight());
			areas.add(areas.get(b).mirrorLeftRight());
		}
		if (cfg.augment() >= 2) for (int b = 0, n = train.size(); b < n; b++) {
			train.add(train.get(b).mirrorUpDown());
			areas.add(areas.get(b).mirrorUpDown());
		}
		return new TrainData(List.copyOf(train), List.copyOf(areas), List.copyOf(held), side);
	}

	/** s = min(64, shortest side of any image), lowered in steps of 8 (not below 16) until ≥ 10 tiles. */
	static int tileSide(List<TrainImage> images) {
		int s = MAX_TILE;
		for (TrainImage im : images) s = Math.min(s, Math.min(im.width(), im.height()));
		while (s > MIN_TILE && tiles(images, s) < MIN_TILES) s = Math.max(MIN_TILE, s - 8);
		return s;
	}

	private static long tiles(List<TrainImage> images, int s) {
		long n = 0;
		for (TrainImage im : images) n += (long) (im.width() / s) * (im.height() / s);
		return n;
	}

	private static void holdOutTiles(List<TrainImage> images, int s, TrainConfig cfg, List<PatchArea> areas,
		List<float[]> held) {
		long total = tiles(images, s);
		if (total > Integer.MAX_VALUE) throw new IllegalArgumentException("too many validation tiles; pass fewer images");
		int n = (int) total, k = numHeldOut(n, cfg.validationFraction());
		// the first k of a seeded Fisher–Yates shuffle of the tile indices, in image, row, column order
		int[] idx = new int[n];
		for (int i = 0; i < n; i++) idx[i] = i;
		Random r = Streams.of(cfg.seed(), Streams.HOLD_OUT, 0);
		for (int i = 0; i < k; i++) {
			int j = i + r.nextInt(n - i), t = idx[i];
			idx[i] = idx[j];
			idx[j] = t;
		}
		boolean[] chosen = new boolean[n];
		for (int i = 0; i < k; i++) chosen[idx[i]] = true;
		int t = 0;
		for (TrainImage im : images) {
			boolean[] mask = new boolean[im.width() * im.height()];
			for (int ty = 0; ty + s <= im.height(); ty += s)
				for (int tx = 0; tx + s <= im.width(); tx += s, t++) {
					if (!chosen[t]) continue;
					held.add(im.crop(tx, ty, s, s));
					for (int y = ty; y < ty + s; y++) java.util.Arrays.fill(mask, y * im.width() + tx, y * im.width() + tx + s, true);
				}
			areas.add(new PatchArea(im.width(), im.height(), mask));
		}
	}

	/** round(f·N), at least 1 when f &gt; 0, and at least one tile must remain for training. */
	static int numHeldOut(int n, double fraction) {
		if (fraction <= 0) return 0;
		int k = Math.max(1, (int) Math.round(fraction * n));
		if (k >= n) throw new IllegalArgumentException("validation fraction " + fraction + " of " + n + " tile(s) "
			+ "holds out " + k + ", leaving none to train on; pass more or larger images or set the validation "
			+ "fraction to 0");
		return k;
	}

	/** Every stage needs at least one patch. */
	private static void checkStages(List<TrainImage> train, List<PatchArea> areas, TrainConfig cfg) {
		for (int s = 0; s < cfg.numStages(); s++) {
			int p = cfg.patchSize(s);
			long n = 0;
			for (int b = 0; b < train.size() && n == 0; b++)
				n += cfg.randomPatches() ? areas.get(b).positions(p) : PatchSet.gridCount(train.get(b), areas.get(b), p);
			if (n == 0) throw new IllegalArgumentException("stage " + (s + 1) + " uses " + p + "×" + p + " px patches "
				+ "but no training image has room for one" + (cfg.validationFraction() > 0 ? " outside the held-out "
				+ "validation tiles" : "") + "; use larger images, a smaller validation fraction or drop the patch size "
				+ p);
		}
	}
}
