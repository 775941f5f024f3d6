package org.ride.core.mcgsm;

/**
 * Which of the eight MCGSM parameter groups (spec §6.1) are trained, i.e. appear in the flat parameter
 * vector and its gradient (§6.4). {@link #DEFAULT} is cmt's default (§6.7): everything except the linear
 * features and the means. {@link #ALL} trains all eight groups, as the golden vectors of §13.1 do.
 */
public record TrainFlags(boolean priors, boolean scales, boolean weights, boolean features,
	boolean choleskyFactors, boolean predictors, boolean linearFeatures, boolean means) {

	/** cmt's defaults: all groups but linear features and means (spec §6.7). */
	public static final TrainFlags DEFAULT = new TrainFlags(true, true, true, true, true, true, false, false);

	/** All eight groups (spec §13.1). */
	public static final TrainFlags ALL = new TrainFlags(true, true, true, true, true, true, true, true);

	/** {@link #DEFAULT}, with the means trained as well (RIDE's {@code train_means}). */
	public TrainFlags withMeans(boolean on) {
		return new TrainFlags(priors, scales, weights, features, choleskyFactors, predictors, linearFeatures, on);
	}

	/** The flags in the order of the flat vector (§6.4), indexed like {@link McgsmParams#NAMES}. */
	boolean[] asArray() {
		return new boolean[] { priors, scales, weights, features, choleskyFactors, predictors, linearFeatures, means };
	}
}
