package org.ride.command;

import java.io.File;

import ij.ImagePlus;
import org.ride.ij.Evaluations;
import org.ride.ij.LoadedModel;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** SciJava twin of {@code RIDE Evaluate Model} ({@link Evaluations}): bits/px on crops, optional ensemble. */
@Plugin(type = Command.class, label = "RIDE Evaluate Model (SciJava)")
public class EvaluateModelCommand extends RideCommand {

	@Parameter(label = "image", persist = false)
	public ImagePlus image;

	@Parameter(label = "model_file", persist = false)
	public File model_file;

	@Parameter(label = "crop_size", min = "3", required = false)
	public int crop_size = 64;

	@Parameter(label = "ensemble", required = false)
	public boolean ensemble;

	@Parameter(label = "seed", required = false)
	public int seed = 0;

	@Parameter(label = "mean_bits_per_px", type = ItemIO.OUTPUT)
	public double mean_bits_per_px;

	@Parameter(label = "std_error", type = ItemIO.OUTPUT)
	public double std_error;

	@Parameter(label = "crops", type = ItemIO.OUTPUT)
	public int crops;

	@Override
	protected void execute() {
		LoadedModel m = LoadedModel.load(model_file == null ? null : model_file.getPath());
		Evaluations.Output o = Evaluations.evaluate(m, image, crop_size, ensemble, seed, progress("RIDE Evaluate Model"),
				token());
		if (!o.note().isEmpty()) info(o.note());
		mean_bits_per_px = o.meanBits();
		std_error = o.standardError();
		crops = o.crops();
	}
}
