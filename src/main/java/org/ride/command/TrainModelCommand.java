package org.ride.command;

import java.io.File;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.gui.Roi;
import org.ride.ij.Options;
import org.ride.ij.TrainSettings;
import org.ride.ij.Training;
import org.ride.io.DataInfo;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * SciJava twin of {@code RIDE Train Model} ({@link Training}): trains on the image's slices (within its area
 * selection if {@code use_roi}), saves the model zip. {@code settings} takes any of the IJ1 command's setting
 * options in macro syntax (e.g. {@code "patch_sizes=[8,12] epochs=2 finetune_iter=0"}), over the preset's values,
 * parsed by the same {@link TrainSettings} code.
 */
@Plugin(type = Command.class, label = "RIDE Train Model (SciJava)")
public class TrainModelCommand extends RideCommand {

	@Parameter(label = "image", persist = false)
	public ImagePlus image;

	@Parameter(label = "model_file", persist = false)
	public File model_file;

	@Parameter(label = "preset", choices = { "fast", "standard", "paper 1/64", "paper 2/64", "tiny" }, required = false)
	public String preset = "fast";

	@Parameter(label = "seed", required = false)
	public int seed = 1;

	@Parameter(label = "settings", required = false, persist = false)
	public String settings = "";

	@Parameter(label = "colour", choices = { "joint channels", "luminance" }, required = false)
	public String colour = "joint channels";

	@Parameter(label = "restart", required = false)
	public boolean restart = false;

	@Parameter(label = "use_roi", required = false)
	public boolean use_roi = true;

	@Parameter(label = "loss_bits_per_px", type = ItemIO.OUTPUT)
	public double loss_bits_per_px;

	@Parameter(label = "stages_done", type = ItemIO.OUTPUT)
	public int stages_done;

	@Override
	protected void execute() throws Exception {
		if (model_file == null) throw new IllegalArgumentException("no model_file given; pass where to save the model");
		Options o = TrainSettings.declare(Options.fromText("RIDE Train Model", settings),
				TrainSettings.preset(preset, seed));
		o.read();
		Roi roi = use_roi ? image.getRoi() : null;
		DataInfo.Colour c = DataInfo.Colour.of(colour);
		if (c == null || c == DataInfo.Colour.GRAY) throw new IllegalArgumentException("colour '" + colour
				+ "' is not one of " + String.join(", ", Training.COLOURS));
		Training.Output r = Training.train(image, roi, TrainSettings.read(o, seed), c, Path.of(model_file.getPath()),
				restart, this::info, progress("RIDE Train Model"), token());
		double[] loss = r.log().lossBits();
		// NB: the last minibatch's loss as the pixels' NLL, the units of the log's lines and of the held-out score
		loss_bits_per_px = loss.length == 0 ? Double.NaN
			: loss[loss.length - 1] - r.saved().model().logJacobianBits();
		stages_done = r.log().stagesCompleted();
		if (r.log().cancelled()) cancel("cancelled; the model so far was saved to " + model_file);
	}
}
