package org.ride.core.train;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.ride.core.model.Ride;
import org.ride.core.neighbourhood.CausalMask;

/**
 * The held-out validation tiles of a run ({@link TrainData}, spec §8.1 step 4), each {@code s × s}, scored
 * from zero LSTM borders as in evaluation (§8.2, pitfall 4).
 */
final class HeldOut {

	private static final int CROPS_PER_CALL = 16;

	private final List<float[]> crops;
	private final int side;

	HeldOut(List<float[]> tiles, int side, CausalMask mask) {
		if (side < mask.cols() || side < mask.rows()) throw new IllegalArgumentException("held-out validation tiles "
			+ "are only " + side + " px but nb_size=" + mask.nbSize() + " needs " + mask.rows() + "×" + mask.cols()
			+ " px; use larger images or set the validation fraction to 0");
		this.crops = List.copyOf(tiles);
		this.side = side;
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
