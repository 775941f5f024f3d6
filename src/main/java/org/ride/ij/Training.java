package org.ride.ij;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

import ij.ImagePlus;
import ij.gui.Roi;
import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
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
import org.ride.io.ModelFileException;
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
 * <p>
 * <b>Resume.</b> When {@code out} already holds a model (and {@code restart} is off), training continues it
 * at its {@code stages_done} with its own seed (so the held-out tiles and every later random choice are the
 * ones of an uninterrupted run), provided the settings describe the same architecture (channels included) and
 * have stages left; the loss histories are joined. This is how a cancelled run is finished, or more stages
 * (longer {@code patch_sizes}) or layers ({@code add_layers}) are added to a finished one.
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

	/** Trains on {@code imp} (within {@code roi} if it is an area), resuming the model in {@code out} if any. */
	public static Output train(ImagePlus imp, Roi roi, TrainSettings.Preset s, Path out, Consumer<String> log,
			Progress progress, CancelToken cancel) throws IOException {
		return train(imp, roi, s, Colour.JOINT, out, false, log, progress, cancel);
	}

	/** As {@link #train(ImagePlus, Roi, TrainSettings.Preset, Colour, Path, boolean, Consumer, Progress, CancelToken)} with colour read jointly. */
	public static Output train(ImagePlus imp, Roi roi, TrainSettings.Preset s, Path out, boolean restart,
			Consumer<String> log, Progress progress, CancelToken cancel) throws IOException {
		return train(imp, roi, s, Colour.JOINT, out, restart, log, progress, cancel);
	}

	/**
	 * Trains on {@code imp} with colour read as {@code colour} ({@link Colour#JOINT} or {@link Colour#LUMINANCE}:
	 * the model gets as many channels as the image has, RGB 3, a composite C, gray 1, whatever the preset says)
	 * and writes the model to {@code out}: a new model if {@code restart} or there is no file yet, else the
	 * file's model continued from its {@code stages_done}.
	 */
	public static Output train(ImagePlus imp, Roi roi, TrainSettings.Preset s, Colour colour, Path out,
			boolean restart, Consumer<String> log, Progress progress, CancelToken cancel) throws IOException {
		long t0 = System.nanoTime();
		requireWritable(out);
		s = new TrainSettings.Preset(s.model().withNumChannels(ImageData.channels(imp, colour)), s.train());
		SavedModel previous = restart || !Files.exists(out) ? null : previous(out, s);
		if (previous != null) {
			TrainingInfo pt = previous.training();
			s = new TrainSettings.Preset(s.model(), s.train().withSeed(pt.config().seed()));
			log.accept(String.format(Locale.ROOT, "resuming %s at stage %d of %d (seed %d from the file)", out,
					pt.stagesDone() + 1, s.train().numStages(), pt.config().seed()));
		}
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
		TrainResult r;
		if (previous == null) {
			Ride model = new Ride(s.model(), DataType.FLOAT, new Random(s.train().seed()));
			r = RideTrainer.train(model, images, s.train(), progress, cancel);
		} else r = RideTrainer.resume(previous.model(), images, s.train(), previous.training().stagesDone(), progress,
				cancel);
		double sec = (System.nanoTime() - t0) / 1e9;
		TrainingLog tl = r.log();
		for (String n : tl.notes()) log.accept(n);
		if (!r.model().hasWhitening()) throw new java.util.concurrent.CancellationException(
				"cancelled before the whitening was fitted; no model was saved");
		TrainingInfo ti = new TrainingInfo(s.train(), tl.stagesCompleted(), tl.lossBits(), tl.validationBits(), sec,
				tl.cancelled());
		if (previous != null) {
			TrainingInfo pt = previous.training();
			ti = new TrainingInfo(s.train(), tl.stagesCompleted(), concat(pt.loss(), tl.lossBits()),
					concat(pt.lossValid(), tl.validationBits()), pt.seconds() + sec, tl.cancelled());
		}
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

	/** The model in {@code out} if it can be continued with {@code s}, else an exception saying what to do. */
	private static SavedModel previous(Path out, TrainSettings.Preset s) throws IOException {
		SavedModel m;
		try {
			m = RideModelFile.read(out);
		} catch (ModelFileException e) {
			throw new IllegalArgumentException("model_file " + out + " exists but cannot be continued: "
					+ e.getMessage() + "; choose another model_file or pass 'restart' to overwrite it", e);
		}
		TrainingInfo t = m.training();
		String fix = "; pass 'restart' to train a new model into this file, or choose another model_file";
		if (t == null || !m.trained()) throw new IllegalArgumentException("model_file " + out + " holds a model "
				+ "without a finished training stage to continue" + fix);
		RideConfig have = m.model().config(), want = s.model();
		int added = 0;
		for (int k = 0; k < t.stagesDone(); k++) added += s.train().layersToAdd(k);
		if (!have.equals(want.withNumLayers(want.numLayers() + added))) throw new IllegalArgumentException(
				"model_file " + out + " holds a " + have.label() + " model (" + have + ") but the settings describe "
						+ want.label() + (added > 0 ? " + " + added + " added layer(s)" : "") + " (" + want + ")" + fix);
		if (t.stagesDone() >= s.train().numStages()) throw new IllegalArgumentException("model_file " + out
				+ " has already done all " + t.stagesDone() + " stages of these settings; to train it further give "
				+ "more patch_sizes (e.g. patch_sizes=[" + TrainSettings.ints(s.train().patchSizes()) + ",22])" + fix);
		return m;
	}

	private static double[] concat(double[] a, double[] b) {
		double[] c = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}

	private static String units(ImagePlus imp) {
		String u = imp.getCalibration().getValueUnit();
		return u == null || u.isBlank() ? "gray value" : u;
	}
}
