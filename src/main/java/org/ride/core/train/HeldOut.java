package org.ride.core.train;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.ride.core.model.Ride;
import org.ride.core.neighbourhood.CausalMask;

/**
 * The validation crops of held-out images (spec §8.1 step 4): non-overlapping {@code s × s} crops with
 * s = min(64, H, W) over all held-out images (one s for all, so they batch together), each scored from
 * zero LSTM borders as in evaluation (§8.2, pitfall 4).
 */
final class HeldOut {

	private static final int MAX_CROP = 64, CROPS_PER_CALL = 16;

	private final List<float[]> crops = new ArrayList<>();
	private final int side;

	HeldOut(List<TrainImage> images, CausalMask mask) {
		int s = MAX_CROP;
		for (TrainImage im : images) s = Math.min(s, Math.min(im.width(), im.height()));
		if (s < mask.cols() || s < mask.rows()) throw new IllegalArgumentException("a held-out validation image "
			+ "is only " + s + " px on its short side but nb_size=" + mask.nbSize() + " needs " + mask.rows() + "×"
			+ mask.cols() + " px; hold out larger images or set the validation fraction to 0");
		side = s;
		for (TrainImage im : images)
			for (int y = 0; y + s <= im.height(); y += s)
				for (int x = 0; x + s <= im.width(); x += s) crops.add(im.crop(x, y, s, s));
	}

	int numCrops() {
		return crops.size();
	}

	/** Mean −log₂ p over all scored pixels of all crops, per channel, Jacobian included (bits/px). */
	double bitsPerPixel(Ride model) {
		double sum = 0;
		long count = 0;
		for (int i = 0; i < crops.size(); i += CROPS_PER_CALL) {
			List<float[]> part = crops.subList(i, Math.min(crops.size(), i + CROPS_PER_CALL));
			INDArray ll = model.logLikelihood(model.whiten(
				org.ride.core.neighbourhood.Neighbourhoods.batch(part, side, side, model.mask(), model.dataType())));
			sum += ll.sumNumber().doubleValue();
			count += ll.length();
		}
		return -sum / count / Math.log(2) / model.config().numChannels();
	}
}
