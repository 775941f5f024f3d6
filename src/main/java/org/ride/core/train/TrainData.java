package org.ride.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.ride.core.neighbourhood.CausalMask;

/**
 * The checked, split and augmented images of one training run (spec §8.1 steps 2 and 4).
 *
 * @param train    training images: the kept originals, then (augment ≥ 1) their left-right mirrors, then
 *                 (augment 2) up-down mirrors of all of those
 * @param heldOut  validation images (not augmented), possibly empty
 */
record TrainData(List<TrainImage> train, List<TrainImage> heldOut) {

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
		List<TrainImage> train = new ArrayList<>(images), held = new ArrayList<>();
		int nHeld = numHeldOut(images.size(), cfg.validationFraction());
		if (nHeld > 0) {
			Random r = Streams.of(cfg.seed(), Streams.HOLD_OUT, 0);
			for (int i = 0; i < nHeld; i++) held.add(train.remove(r.nextInt(train.size())));
		}
		checkStages(train, cfg);
		if (cfg.augment() >= 1) for (int b = 0, n = train.size(); b < n; b++) train.add(train.get(b).mirrorLeftRight());
		if (cfg.augment() >= 2) for (int b = 0, n = train.size(); b < n; b++) train.add(train.get(b).mirrorUpDown());
		return new TrainData(List.copyOf(train), List.copyOf(held));
	}

	/** round(f·N), at least 1 when f &gt; 0, and at least one image must remain for training. */
	static int numHeldOut(int n, double fraction) {
		if (fraction <= 0) return 0;
		int k = Math.max(1, (int) Math.round(fraction * n));
		if (k >= n) throw new IllegalArgumentException("validation fraction " + fraction + " of " + n + " image(s) "
			+ "holds out " + k + ", leaving none to train on; pass more images or set the validation fraction to 0");
		return k;
	}

	/** Every stage needs at least one patch. */
	private static void checkStages(List<TrainImage> train, TrainConfig cfg) {
		for (int s = 0; s < cfg.numStages(); s++) {
			int p = cfg.patchSize(s);
			long n = 0;
			for (TrainImage im : train) n += PatchSet.count(im.width(), im.height(), p);
			if (n == 0) throw new IllegalArgumentException("stage " + (s + 1) + " uses " + p + "×" + p + " px patches "
				+ "but no training image is that large; use larger images or drop the stage's patch size " + p);
		}
	}
}
