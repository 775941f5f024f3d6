package org.ride.ij;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import ij.ImagePlus;
import ij.gui.Roi;
import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.model.Ride;
import org.ride.core.nd.NdInit;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.train.RideTrainer;
import org.ride.core.train.TrainImage;
import org.ride.core.train.TrainResult;
import org.ride.core.train.TrainingLog;
import org.ride.io.AtomicFiles;
import org.ride.io.DataInfo;
import org.ride.io.DataInfo.Colour;
import org.ride.io.RideModelFile;
import org.ride.io.SavedModel;
import org.ride.io.TrainingInfo;

/**
 * The work of {@code RIDE Train Model}, shared by the ImageJ plugin and the SciJava command: the slices of an
 * image (a stack = several training images; restricted to the bounding box of an area ROI; 8/16-bit
 * dequantised with the seed) → {@link RideTrainer} → a model zip with the data range ({@link DataStats}), its
 * colour and the training history. Colour ({@link #COLOURS}): {@code joint channels} (default) trains RGB and
 * composite images as D = C models predicting all channels of a pixel jointly (spec §3.1, §6); {@code luminance}
 * reduces RGB to luminance and takes every plane of a stack as a gray image, as before colour support. A
 * cancelled run still saves the model as of the last completed batch, then reports the cancel.
 */
public final class Training {

	/**
	 * @param saved   what was written
	 * @param log     the trainer's log (loss per batch, stop reason, notes)
	 * @param seconds wall-clock time
	 * @param note    remark for the log or ""
	 */
	public record Output(SavedModel saved, TrainingLog log, double seconds, String note) {}

	/** The {@code colour} choices of the Train command: the default first. */
	public static final String[] COLOURS = { Colour.JOINT.label(), Colour.LUMINANCE.label() };

	private Training() {}

	/** Trains a new model on {@code imp} (within {@code roi} if it is an area) and writes it to {@code out}. */
	public static Output train(ImagePlus imp, Roi roi, TrainSettings.Preset s, Path out, Consumer<String> log,
			Progress progress, CancelToken cancel) throws IOException {
		return train(imp, roi, s, Colour.JOINT, out, log, progress, cancel);
	}

	/**
	 * As {@link #train(ImagePlus, Roi, TrainSettings.Preset, Path, Consumer, Progress, CancelToken)} with colour
	 * read as {@code colour} ({@link Colour#JOINT} or {@link Colour#LUMINANCE}); the model gets as many channels as
	 * the image has (RGB 3, a composite C, gray 1) whatever the preset says.
	 */
	public static Output train(ImagePlus imp, Roi roi, TrainSettings.Preset s, Colour colour, Path out,
			Consumer<String> log, Progress progress, CancelToken cancel) throws IOException {
		long t0 = System.nanoTime();
		requireWritable(out);
		ImageData d = ImageData.of(imp, roi, s.train().seed(), colour, false);
		requireFinite(d, imp.getTitle());
		int p0 = Integer.MAX_VALUE;
		for (int p : s.train().patchSizes()) p0 = Math.min(p0, p);
		if (d.width() < p0 || d.height() < p0) throw new IllegalArgumentException("the training image '" + imp.getTitle()
				+ "'" + (roi != null && roi.isArea() ? " (its selection)" : "") + " is " + d.width() + "×" + d.height()
				+ " px but the smallest training patch is " + p0 + "×" + p0 + " px; use a larger image or selection, or "
				+ "smaller patch_sizes (the causal window needs at least " + s.model().mask().cols() + " px)");
		String note = d.note();
		if (roi != null && roi.isArea()) note = LikelihoodMaps.join(note, "training patches come from the selection's "
				+ "bounding box " + d.width() + "×" + d.height() + " px");
		if (d.channels() > 1) note = LikelihoodMaps.join(note, "colour: " + d.channels() + " channels ("
				+ String.join(", ", d.channelNames()) + ") trained jointly; the loss is in bits per channel value");
		List<TrainImage> images = new ArrayList<>();
		for (float[] v : d.slices()) images.add(new TrainImage(v, d.width(), d.height()));
		DataInfo info = DataStats.of(d, units(imp));
		NdInit.ensure();
		Ride model = new Ride(s.model().withNumChannels(d.channels()), DataType.FLOAT, new Random(s.train().seed()));
		TrainResult r = RideTrainer.train(model, images, s.train(), progress, cancel);
		double sec = (System.nanoTime() - t0) / 1e9;
		TrainingLog tl = r.log();
		for (String n : tl.notes()) log.accept(n);
		if (!r.model().hasWhitening()) throw new java.util.concurrent.CancellationException(
				"cancelled before the whitening was fitted; no model was saved");
		TrainingInfo ti = new TrainingInfo(s.train(), tl.stagesCompleted(), tl.lossBits(), tl.validationBits(), sec,
				tl.cancelled());
		SavedModel saved = SavedModel.of(r.model(), info, ti);
		RideModelFile.write(out, saved);
		return new Output(saved, tl, sec, note);
	}

	/** The model file must be writable before hours of training, not after. */
	static void requireWritable(Path out) {
		try {
			AtomicFiles.requireWritable(out);
		} catch (IOException e) {
			throw new IllegalArgumentException(e.getMessage() + " (model_file)", e);
		}
	}

	/** Every training pixel must be a number; names the first that is not, as the maps do. */
	static void requireFinite(ImageData d, String title) {
		for (int s = 0; s < d.slices().size(); s++) {
			float[] v = d.slices().get(s);
			for (int i = 0; i < v.length; i++)
				if (!Float.isFinite(v[i])) throw new IllegalArgumentException("the training image '" + title + "' has the "
					+ "value " + v[i] + " at pixel (x=" + i % d.width() + ", y=" + i / d.width() + ")" + (d.slices().size() > 1
						? " of slice " + (s + 1) : "") + " (in its selection's bounding box, if any); replace NaN/Inf pixels "
					+ "(e.g. with Process > Math > Remove NaNs) or crop them away");
		}
	}

	private static String units(ImagePlus imp) {
		String u = imp.getCalibration().getValueUnit();
		return u == null || u.isBlank() ? "gray value" : u;
	}
}
