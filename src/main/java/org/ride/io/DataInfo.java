package org.ride.io;

/**
 * What the pixel values a RIDE model was trained on mean (model file {@code data} section,
 * {@code docs/model-format.md} §2.4; spec §8.9). Log-likelihoods are densities in these units, so two models'
 * numbers are only comparable when their units and dequantisation agree.
 *
 * @param min         smallest training value (after dequantisation)
 * @param max         largest training value (after dequantisation)
 * @param clipLow     the {@link #CLIP_LOW_PERCENTILE}th percentile of the training data; samples are clipped to
 *                    [clipLow, clipHigh]
 * @param clipHigh    the {@link #CLIP_HIGH_PERCENTILE}th percentile
 * @param units       what one unit is, e.g. "gray value" (free text for humans)
 * @param bitDepth    8, 16 or 32 (32 = float data)
 * @param dequantised whether integer data were dequantised by adding U[0,1) noise (spec §8.9)
 * @param mean        mean of the training values
 * @param std         standard deviation of the training values (≥ 0)
 */
public record DataInfo(double min, double max, double clipLow, double clipHigh, String units, int bitDepth,
	boolean dequantised, double mean, double std) {

	/** Percentile of the training data that is the lower clipping bound of samples. */
	public static final double CLIP_LOW_PERCENTILE = 0.1;
	/** Percentile of the training data that is the upper clipping bound of samples. */
	public static final double CLIP_HIGH_PERCENTILE = 99.8;

	public DataInfo {
		for (double v : new double[] { min, max, clipLow, clipHigh, mean, std })
			if (!Double.isFinite(v))
				throw new IllegalArgumentException("data statistics must be finite numbers but one is " + v
					+ "; compute them on the training values after dequantisation");
		if (min > max) throw new IllegalArgumentException("data min " + min + " exceeds max " + max + "; swap them");
		if (clipLow > clipHigh)
			throw new IllegalArgumentException("data clip range [" + clipLow + ", " + clipHigh + "] is reversed; pass the "
				+ CLIP_LOW_PERCENTILE + "th percentile first");
		if (std < 0) throw new IllegalArgumentException("data std is " + std + "; a standard deviation is ≥ 0");
		if (units == null || units.isBlank())
			throw new IllegalArgumentException("data units are missing; say what one unit is, e.g. \"gray value\"");
		if (bitDepth != 8 && bitDepth != 16 && bitDepth != 32)
			throw new IllegalArgumentException("bit depth is " + bitDepth + "; use 8, 16 or 32 (ImageJ's image types)");
	}
}
