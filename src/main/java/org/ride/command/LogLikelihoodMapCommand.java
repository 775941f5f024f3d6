package org.ride.command;

import java.io.File;

import ij.ImagePlus;
import org.ride.ij.LikelihoodMaps;
import org.ride.ij.LoadedModel;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * SciJava twin of {@code RIDE Log-Likelihood Map} ({@link LikelihoodMaps}): the 32-bit bits/px map of the
 * image's current slice under a trained model, its mean over reachable pixels and the count.
 */
@Plugin(type = Command.class, label = "RIDE Log-Likelihood Map (SciJava)")
public class LogLikelihoodMapCommand extends RideCommand {

	@Parameter(label = "image", persist = false)
	public ImagePlus image;

	@Parameter(label = "model_file", persist = false)
	public File model_file;

	@Parameter(label = "seed", required = false)
	public int seed = 0;

	@Parameter(label = "map", type = ItemIO.OUTPUT)
	public ImagePlus map;

	@Parameter(label = "mean_bits_per_px", type = ItemIO.OUTPUT)
	public double mean_bits_per_px;

	@Parameter(label = "reachable_px", type = ItemIO.OUTPUT)
	public long reachable_px;

	@Override
	protected void execute() {
		LoadedModel m = LoadedModel.load(model_file == null ? null : model_file.getPath());
		LikelihoodMaps.Output o = LikelihoodMaps.compute(m, image, seed, null, progress("RIDE Log-Likelihood Map"), token());
		if (!o.note().isEmpty()) info(o.note());
		map = o.map();
		mean_bits_per_px = o.meanBits();
		reachable_px = o.reachable();
	}
}
