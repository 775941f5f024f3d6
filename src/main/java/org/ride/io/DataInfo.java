package org.ride.io;

import java.util.List;

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
 * @param colour      what the model's channels are: one gray channel, the luminance of RGB images, or C
 *                    channels modelled jointly ({@link Colour}); it decides which images the model accepts
 * @param channels    per channel (in the model's channel order) its name and statistics; one entry for
 *                    {@link Colour#GRAY} and {@link Colour#LUMINANCE}; the statistics above are over all channels
 */
public record DataInfo(double min, double max, double clipLow, double clipHigh, String units, int bitDepth,
	boolean dequantised, double mean, double std, Colour colour, List<Channel> channels) {

	/** What the channels of a model are (model file {@code data.colour}). */
	public enum Colour {
		/** one channel: gray images (a colour image is refused). */
		GRAY("gray"),
		/** one channel: RGB images were reduced to luminance 0.299R + 0.587G + 0.114B (gray images fit too). */
		LUMINANCE("luminance"),
		/** C &gt; 1 channels (RGB, or a composite's channels) predicted jointly, D = C (spec §3.1, §6). */
		JOINT("joint channels");

		private final String label;

		Colour(String label) {
			this.label = label;
		}

		/** As written in the model file and in macro options, e.g. "joint channels". */
		public String label() {
			return label;
		}

		/** The colour whose {@link #label()} is {@code text} (any case), or null. */
		public static Colour of(String text) {
			for (Colour c : values()) if (c.label.equalsIgnoreCase(text == null ? "" : text.trim())) return c;
			return null;
		}
	}

	/** One channel's name (e.g. "red", "channel 2", "gray") and statistics, as for the whole data. */
	public record Channel(String name, double min, double max, double clipLow, double clipHigh, double mean, double std) {
		public Channel {
			if (name == null || name.isBlank()) throw new IllegalArgumentException("a channel needs a name, e.g. \"red\"");
			for (double v : new double[] { min, max, clipLow, clipHigh, mean, std })
				if (!Double.isFinite(v)) throw new IllegalArgumentException("statistics of channel '" + name
					+ "' must be finite numbers but one is " + v);
			if (min > max || clipLow > clipHigh) throw new IllegalArgumentException("channel '" + name + "' has a "
				+ "reversed range [" + min + ", " + max + "] or clip range [" + clipLow + ", " + clipHigh + "]");
		}
	}

	/** Gray data (one channel with the overall statistics). */
	public DataInfo(double min, double max, double clipLow, double clipHigh, String units, int bitDepth,
		boolean dequantised, double mean, double std) {
		this(min, max, clipLow, clipHigh, units, bitDepth, dequantised, mean, std, Colour.GRAY,
			List.of(new Channel("gray", min, max, clipLow, clipHigh, mean, std)));
	}

	/** The same statistics with another colour meaning for a single channel (GRAY ↔ LUMINANCE). */
	public DataInfo withColour(Colour c) {
		return new DataInfo(min, max, clipLow, clipHigh, units, bitDepth, dequantised, mean, std, c, channels);
	}

	public int numChannels() {
		return channels.size();
	}

	/** Per-channel clip bounds {low[], high[]} (what samples are clipped to). */
	public double[][] channelClip() {
		double[][] r = new double[2][channels.size()];
		for (int c = 0; c < r[0].length; c++) {
			r[0][c] = channels.get(c).clipLow();
			r[1][c] = channels.get(c).clipHigh();
		}
		return r;
	}

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
		if (colour == null) throw new IllegalArgumentException("the colour meaning of the data is missing; use "
			+ "gray, luminance or joint channels");
		if (channels == null || channels.isEmpty())
			throw new IllegalArgumentException("the data have no channels; give one entry per model channel");
		channels = List.copyOf(channels);
		if ((colour == Colour.JOINT) != (channels.size() > 1)) throw new IllegalArgumentException("data colour '"
			+ colour.label() + "' does not fit " + channels.size() + " channel(s): 'joint channels' means 2 or more, "
			+ "'gray' and 'luminance' exactly 1");
	}
}
