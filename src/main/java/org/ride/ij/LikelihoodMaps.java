package org.ride.ij;

import java.util.Arrays;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;
import org.ride.core.model.LogLikelihoodMap;
import org.ride.core.model.Ride;
import org.ride.core.nd.NdInit;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

/**
 * The work of {@code RIDE Log-Likelihood Map}, shared by the ImageJ plugin, the SciJava command and
 * {@code RIDE Apply Model to Folder}: the current slice x of an image (8/16-bit dequantised with the seed;
 * colour as the model was trained: all channels jointly, or RGB as luminance, {@link ModelInputs}; shape
 * [height, width]) → a 32-bit map of log₂ p(x_ij | causal past) in bits per pixel (for a colour model: of
 * all channels of the pixel together, log₂ p(r, g, b | past), summed over channels)
 * ({@link LogLikelihoodMap}, spec §7.3; NaN on the unreachable border), with a viridis LUT, the display
 * range set to the 1st–99th percentile of the finite values, and the calibration of the input.
 */
public final class LikelihoodMaps {

	/**
	 * @param map       the 32-bit map (not shown)
	 * @param meanBits  mean over reachable pixels, bits/px (higher = more likely)
	 * @param reachable number of scored pixels
	 * @param seconds   wall-clock time of the computation
	 * @param note      remarks for the log ("" if none), e.g. RGB conversion or a bit-depth note
	 */
	public record Output(ImagePlus map, double meanBits, long reachable, double seconds, String note) {}

	private LikelihoodMaps() {}

	/** The default output title: names the image and the model. */
	public static String title(String image, String model) {
		return image + " loglik [" + model + "]";
	}

	/**
	 * Computes the map of {@code imp}'s current slice; {@code title} null or empty gives {@link #title}.
	 *
	 * @throws IllegalArgumentException if the image is smaller than the causal window or in other units
	 */
	public static Output compute(LoadedModel model, ImagePlus imp, long seed, String title, Progress progress,
			CancelToken cancel) {
		long t0 = System.nanoTime();
		ImageData data = ModelInputs.read(model, imp, null, seed, true);
		Ride ride = model.saved().model();
		requireFits(ride, data, imp.getTitle());
		String note = join(join(data.note(), DataStats.checkCompatible(model.saved().data(), data, imp.getTitle(),
				model.name())), ModelInputs.unitsNote(data));
		NdInit.ensure();
		LogLikelihoodMap m = LogLikelihoodMap.compute(ride, data.slices().get(0), data.width(), data.height(), progress,
				cancel);
		FloatProcessor fp = new FloatProcessor(data.width(), data.height(), m.bits());
		ImagePlus out = new ImagePlus(title == null || title.isEmpty() ? title(imp.getTitle(), model.name()) : title, fp);
		out.setCalibration(imp.getCalibration().copy());
		out.getCalibration().setValueUnit(data.channels() > 1 ? "bits/px (" + data.channels() + " channels)" : "bits/px");
		style(out);
		double mean = m.meanBitsPerPixel(1);
		out.setProp("RIDE model", model.path().toString());
		out.setProp("RIDE mean bits/px", mean);
		out.setProp("RIDE channels", data.channels());
		return new Output(out, mean, m.reachable(), (System.nanoTime() - t0) / 1e9, note);
	}

	/** Refuses an image smaller than the model's causal window, saying what size is needed. */
	static void requireFits(Ride ride, ImageData data, String image) {
		int nb = ride.config().nbSize(), rows = ride.mask().rows(), cols = ride.mask().cols();
		if (data.width() < cols || data.height() < rows)
			throw new IllegalArgumentException("the image '" + image + "' is " + data.width() + "×" + data.height()
					+ " px but the model's causal window (nb_size " + nb + ") is " + cols + "×" + rows
					+ " px; use an image of at least " + cols + "×" + rows + " px (larger images give more scored pixels)");
	}

	/** Viridis LUT, display range 1st–99th percentile of the finite values. */
	static void style(ImagePlus map) {
		map.getProcessor().setLut(Luts.viridis());
		float[] v = (float[]) map.getProcessor().getPixels();
		float[] f = Arrays.copyOf(v, v.length);
		int n = 0;
		for (float x : v) if (Float.isFinite(x)) f[n++] = x;
		if (n == 0) return;
		Arrays.sort(f, 0, n);
		double lo = f[(int) (0.01 * (n - 1))], hi = f[(int) Math.ceil(0.99 * (n - 1))];
		if (hi <= lo) hi = lo + 1;
		map.setDisplayRange(lo, hi);
	}

	/** Appends the map's row to {@code rt}: image, model, mean_bits_per_px, reachable_px, seconds. */
	public static void addRow(ResultsTable rt, String image, String model, Output o) {
		rt.setNaNEmptyCells(true); // rows of other RIDE commands leave these columns empty, not 0
		rt.incrementCounter();
		rt.addValue("image", image);
		rt.addValue("model", model);
		rt.addValue("mean_bits_per_px", o.meanBits());
		rt.addValue("reachable_px", o.reachable());
		rt.addValue("seconds", o.seconds());
	}

	static String join(String a, String b) {
		if (a.isEmpty()) return b;
		return b.isEmpty() ? a : a + "; " + b;
	}
}
