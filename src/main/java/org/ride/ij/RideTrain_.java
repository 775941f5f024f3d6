package org.ride.ij;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CancellationException;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.PlugIn;
import org.ride.io.DataInfo.Colour;

/**
 * {@code Plugins › RIDE › RIDE Train Model}: trains a RIDE model on an image ({@link Training}) and saves it.
 * Every slice of a stack is a training image; an area selection limits where patches come from. Colour
 * ({@code colour}, {@link Training#COLOURS}): RGB and composite images are trained with all channels jointly
 * ({@code joint channels}, default) or RGB as luminance ({@code colour=luminance}). Settings:
 * a {@code preset} ({@link TrainSettings#PRESETS}) whose values any explicit option overrides, e.g.
 * <pre>run("RIDE Train Model", "image=texture.png preset=[paper 1/64] seed=1 model_file=[m.zip]");
 * run("RIDE Train Model", "image=t preset=fast seed=1 model_file=[m.zip] patch_sizes=[8,12] epochs=2");</pre>
 * Progress on the status bar, one log line per curriculum stage (loss in bits/px, ETA), a live loss plot with
 * a display outside batch mode, Esc cancels (the model so far is saved, then the command reports the cancel).
 * In a dialog run, a first dialog picks image, preset, seed and file; a second one shows every setting with the
 * preset's values; the recorder writes both as one line.
 */
public class RideTrain_ implements PlugIn {

	public static final String COMMAND = "RIDE Train Model";

	@Override
	public void run(String arg) {
		CommandGuard.run(COMMAND, () -> {
			Options o = Options.of(COMMAND);
			String preset = o.isMacro() && o.peek("preset") != null ? o.peek("preset") : "fast";
			long seedPeek = o.isMacro() && o.peek("seed") != null ? parseSeed(o.peek("seed")) : 1;
			o.image("image").choice("preset", canonical(preset), "training preset", TrainSettings.PRESETS)
					.integer("seed", 1, 0, Integer.MAX_VALUE, "seed of every random choice")
					.path("model_file", "", "where to save the model (.zip); an existing one is continued").required()
					.flag("restart", "train a new model even if model_file exists (overwrites it)")
					.choice("colour", Training.COLOURS[0], "colour images: all channels jointly, or RGB as luminance",
							Training.COLOURS);
			if (!o.isMacro()) {
				if (!o.read()) return; // first dialog: image, preset, seed, file
				Options all = TrainSettings.declare(Options.of(COMMAND), TrainSettings.preset(o.getChoice("preset"),
						o.getInt("seed")));
				if (!all.read()) return;
				train(o.getImage("image"), o.getPath("model_file"), o.getFlag("restart"), TrainSettings.read(all,
						o.getInt("seed")), Colour.of(o.getChoice("colour")));
				return;
			}
			TrainSettings.declare(o, TrainSettings.preset(canonical(preset), seedPeek));
			o.read();
			train(o.getImage("image"), o.getPath("model_file"), o.getFlag("restart"), TrainSettings.read(o,
					o.getInt("seed")), Colour.of(o.getChoice("colour")));
		});
	}

	private static long parseSeed(String s) {
		try {
			return Long.parseLong(s.trim());
		} catch (NumberFormatException e) {
			return 1; // Options reports the bad value with its own message
		}
	}

	/** The preset's declared spelling, or the text itself (Options then reports it as not a valid choice). */
	private static String canonical(String p) {
		for (String c : TrainSettings.PRESETS) if (c.equalsIgnoreCase(p.trim())) return c;
		return TrainSettings.PRESETS[0];
	}

	static void train(ImagePlus imp, String file, boolean restart, TrainSettings.Preset s, Colour colour)
			throws Exception {
		Path out = Path.of(file.toLowerCase(Locale.ROOT).endsWith(".zip") ? file : file + ".zip");
		IJ.log(String.format(Locale.ROOT, "%s: '%s' %dx%dx%d, %s (%d stages, patches %s), seed %d, colour %s -> %s",
				COMMAND, imp.getTitle(), imp.getWidth(), imp.getHeight(), imp.getStackSize(), s.model().label(),
				s.train().numStages(), TrainSettings.ints(s.train().patchSizes()), s.train().seed(), colour.label(), out));
		LossPlot plot = LossPlot.create(COMMAND + " loss: " + imp.getTitle());
		try (IjCancel cancel = IjCancel.start()) {
			IjProgress status = new IjProgress(COMMAND, false, Long.MAX_VALUE, cancel);
			TrainProgress progress = new TrainProgress(status, line -> IJ.log(COMMAND + ": " + line), plot::add);
			Training.Output r;
			try {
				r = Training.train(imp, imp.getRoi(), s, colour, out, restart, line -> IJ.log(COMMAND + ": " + line),
						progress, cancel.token());
			} finally {
				progress.finish();
				status.done();
				plot.finish();
			}
			if (!r.note().isEmpty()) IJ.log(COMMAND + ": " + r.note());
			IJ.log(String.format(Locale.ROOT, "%s: %s after %d of %d stages in %.1f s; saved %s", COMMAND,
					r.log().stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '), r.log().stagesCompleted(),
					s.train().numStages(), r.seconds(), out.toAbsolutePath()));
			if (r.log().cancelled()) throw new CancellationException("the model after " + r.log().stagesCompleted()
					+ " stage(s) was saved to " + out);
		}
	}
}
