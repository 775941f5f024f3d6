package org.ride.ij;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.ride.io.DataInfo;

/**
 * The data range a model was trained on ({@link DataInfo}) and the rule that refuses images in other units.
 * <p>
 * Statistics are over all training values after dequantisation: min, max, mean, population std and the
 * {@value DataInfo#CLIP_LOW_PERCENTILE}/{@value DataInfo#CLIP_HIGH_PERCENTILE} percentiles (nearest rank on a
 * sorted copy; at most {@value #MAX_SORTED} values, taken with a fixed stride, are sorted).
 * <p>
 * Compatibility rule: with r = max − min of the model's data, an image is refused when more than
 * {@value #MAX_OUTSIDE_FRACTION} of its pixels lie outside [min − r, max + r]: its log-likelihoods would be
 * densities in other units (e.g. an 8-bit model [0, 255] on a 16-bit micrograph [0, 4095]). A different bit
 * depth with values inside that range is allowed and only noted in the log.
 */
public final class DataStats {

	/** Above this fraction of pixels outside the widened model range an image is refused. */
	public static final double MAX_OUTSIDE_FRACTION = 0.5;
	static final int MAX_SORTED = 1 << 22;

	private DataStats() {}

	/** Statistics of {@code slices} (values in data units); {@code units} e.g. "Gray Value". */
	public static DataInfo of(List<float[]> slices, int bitDepth, boolean dequantised, String units) {
		long n = 0;
		double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (float[] s : slices)
			for (float v : s) {
				sum += v;
				min = Math.min(min, v);
				max = Math.max(max, v);
				n++;
			}
		if (n == 0) throw new IllegalArgumentException("there are no training pixels; use a non-empty image");
		double mean = sum / n, sq = 0;
		for (float[] s : slices) for (float v : s) sq += (v - mean) * (v - mean);
		float[] sorted = sample(slices, n);
		Arrays.sort(sorted);
		return new DataInfo(min, max, percentile(sorted, DataInfo.CLIP_LOW_PERCENTILE),
				percentile(sorted, DataInfo.CLIP_HIGH_PERCENTILE), units == null || units.isBlank() ? "gray value" : units,
				bitDepth, dequantised, mean, Math.sqrt(sq / n));
	}

	/**
	 * Statistics of training data {@code d} (dequantised unless 32-bit): over all values, and per channel with
	 * the channel's name; the colour meaning is {@code d.colour()}.
	 */
	public static DataInfo of(ImageData d, String units) {
		DataInfo all = of(d.slices(), d.bitDepth(), d.bitDepth() != 32, units);
		List<DataInfo.Channel> channels = new java.util.ArrayList<>();
		for (int c = 0; c < d.channels(); c++) {
			List<float[]> planes = new java.util.ArrayList<>();
			for (int k = 0; k < d.slices().size(); k++) planes.add(d.channels() == 1 ? d.slices().get(k) : d.plane(k, c));
			DataInfo one = d.channels() == 1 ? all : of(planes, d.bitDepth(), d.bitDepth() != 32, units);
			channels.add(new DataInfo.Channel(d.channelNames().get(c), one.min(), one.max(), one.clipLow(), one.clipHigh(),
					one.mean(), one.std()));
		}
		return new DataInfo(all.min(), all.max(), all.clipLow(), all.clipHigh(), all.units(), all.bitDepth(),
				all.dequantised(), all.mean(), all.std(), d.colour(), channels);
	}

	private static float[] sample(List<float[]> slices, long n) {
		long stride = Math.max(1, (n + MAX_SORTED - 1) / MAX_SORTED);
		float[] out = new float[(int) ((n + stride - 1) / stride)];
		long i = 0;
		int k = 0;
		for (float[] s : slices)
			for (float v : s) if (i++ % stride == 0) out[k++] = v;
		return Arrays.copyOf(out, k);
	}

	/** Nearest-rank percentile p ∈ [0, 100] of a sorted array. */
	static double percentile(float[] sorted, double p) {
		int idx = (int) Math.round(p / 100 * (sorted.length - 1));
		return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
	}

	/**
	 * Refuses {@code data} when it is in other units than the model's {@code info} (rule in the class comment).
	 *
	 * @return a note for the log when the bit depths differ but the values fit, else ""
	 * @throws IllegalArgumentException naming both ranges and what to do
	 */
	public static String checkCompatible(DataInfo info, ImageData data, String image, String model) {
		if (info == null) return "";
		double r = Math.max(info.max() - info.min(), 1e-12), lo = info.min() - r, hi = info.max() + r;
		long outside = 0, n = 0;
		double dmin = Double.POSITIVE_INFINITY, dmax = Double.NEGATIVE_INFINITY;
		for (float[] s : data.slices())
			for (float v : s) {
				if (!(v >= lo && v <= hi)) outside++;
				dmin = Math.min(dmin, v);
				dmax = Math.max(dmax, v);
				n++;
			}
		double frac = n == 0 ? 0 : (double) outside / n;
		if (frac > MAX_OUTSIDE_FRACTION)
			throw new IllegalArgumentException(String.format(Locale.ROOT, "the model '%s' was trained on %s data in "
					+ "[%s, %s]; the image '%s' is %s with values in [%s, %s] and %.0f %% of its pixels lie outside "
					+ "[%s, %s], so its likelihoods would be meaningless; use a model trained on images like this one, "
					+ "or convert the image to the model's units (e.g. Image > Type > %s)", model, depth(info.bitDepth()),
					num(info.min()), num(info.max()), image, depth(data.bitDepth()), num(dmin), num(dmax), 100 * frac,
					num(lo), num(hi), info.bitDepth() == 32 ? "32-bit" : info.bitDepth() + "-bit"));
		if (info.bitDepth() != data.bitDepth())
			return String.format(Locale.ROOT, "note: the model '%s' was trained on %s data in [%s, %s]; the image '%s' "
					+ "is %s but its values fit that range, so it is used as it is", model, depth(info.bitDepth()),
					num(info.min()), num(info.max()), image, depth(data.bitDepth()));
		return "";
	}

	private static String depth(int bits) {
		return bits == 32 ? "32-bit float" : bits + "-bit";
	}

	static String num(double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e7) return Long.toString((long) v);
		return String.format(Locale.ROOT, "%.4g", v);
	}
}
