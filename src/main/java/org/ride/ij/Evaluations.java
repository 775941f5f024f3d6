package org.ride.ij;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import org.ride.core.model.Evaluation;
import org.ride.core.nd.NdInit;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

/**
 * The work of {@code RIDE Evaluate Model}: the paper's protocol (spec §8.2, §8.3) on every slice of an image
 * (a stack is several test images; 8/16-bit dequantised with the seed; colour as the model was trained,
 * {@link ModelInputs}): non-overlapping
 * {@code cropSize×cropSize} crops, the mean log-likelihood per crop in bits/px, optionally the 8-symmetry
 * ensemble (EoRIDE); result = mean over crops and its standard error, in bits per pixel with all channels of
 * a colour pixel together (C × the engine's bits per channel value).
 */
public final class Evaluations {

	/**
	 * @param meanBits      mean over crops, bits/px (higher is better)
	 * @param standardError over crops (NaN for one crop)
	 * @param crops         number of crops
	 * @param seconds       wall-clock time
	 * @param note          remark for the log or ""
	 */
	public record Output(double meanBits, double standardError, int crops, double seconds, String note) {}

	private Evaluations() {}

	/** Evaluates {@code model} on all slices of {@code imp}. */
	public static Output evaluate(LoadedModel model, ImagePlus imp, int cropSize, boolean ensemble, long seed,
			Progress progress, CancelToken cancel) {
		long t0 = System.nanoTime();
		ImageData data = ModelInputs.read(model, imp, null, seed, false);
		if (data.width() < cropSize || data.height() < cropSize)
			throw new IllegalArgumentException("the image '" + imp.getTitle() + "' is " + data.width() + "×"
					+ data.height() + " px, smaller than one " + cropSize + "×" + cropSize + " crop; use a larger image "
					+ "or a smaller crop_size (the paper uses 64)");
		int win = Math.max(model.saved().model().mask().rows(), model.saved().model().mask().cols());
		if (cropSize < win) throw new IllegalArgumentException("crop_size=" + cropSize + " is smaller than the "
				+ "model's causal window (" + win + " px); use crop_size=" + win + " or more (the paper uses 64)");
		String note = LikelihoodMaps.join(LikelihoodMaps.join(data.note(),
				DataStats.checkCompatible(model.saved().data(), data, imp.getTitle(), model.name())),
				ModelInputs.unitsNote(data));
		List<float[]> crops = new ArrayList<>();
		int channels = data.channels();
		for (float[] s : data.slices()) crops.addAll(Evaluation.split(s, channels, data.width(), data.height(), cropSize));
		NdInit.ensure();
		Evaluation.Result r = ensemble ? Evaluation.ensemble(model.saved().model(), crops, cropSize, progress, cancel)
				: Evaluation.crops(model.saved().model(), crops, cropSize, progress, cancel);
		// the engine reports bits per channel value (spec §7.3); per pixel = all channels together, as the maps
		return new Output(channels * r.mean(), channels * r.standardError(), crops.size(),
				(System.nanoTime() - t0) / 1e9, note);
	}

	/** Appends: image, model, protocol, crops, mean_bits_per_px, std_error, seconds. */
	public static void addRow(ResultsTable rt, String image, String model, boolean ensemble, Output o) {
		rt.setNaNEmptyCells(true); // rows of other RIDE commands leave these columns empty, not 0
		rt.incrementCounter();
		rt.addValue("image", image);
		rt.addValue("model", model);
		rt.addValue("protocol", ensemble ? "8-symmetry ensemble" : "crops");
		rt.addValue("crops", o.crops());
		rt.addValue("mean_bits_per_px", o.meanBits());
		rt.addValue("std_error", o.standardError());
		rt.addValue("seconds", o.seconds());
	}
}
