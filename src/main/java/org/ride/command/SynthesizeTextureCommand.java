package org.ride.command;

import java.io.File;

import ij.ImagePlus;
import org.ride.ij.LoadedModel;
import org.ride.ij.Syntheses;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** SciJava twin of {@code RIDE Synthesize Texture} ({@link Syntheses}). */
@Plugin(type = Command.class, label = "RIDE Synthesize Texture (SciJava)")
public class SynthesizeTextureCommand extends RideCommand {

	@Parameter(label = "model_file", persist = false)
	public File model_file;

	@Parameter(label = "width", min = "1", required = false)
	public int width = 256;

	@Parameter(label = "height", min = "1", required = false)
	public int height = 256;

	@Parameter(label = "count", min = "1", required = false)
	public int count = 1;

	@Parameter(label = "seed", required = false)
	public int seed = 1;

	@Parameter(label = "init_image", required = false, persist = false)
	public ImagePlus init_image;

	@Parameter(label = "texture", type = ItemIO.OUTPUT)
	public ImagePlus texture;

	@Override
	protected void execute() {
		LoadedModel m = LoadedModel.load(model_file == null ? null : model_file.getPath());
		texture = Syntheses.synthesize(m, width, height, count, seed, init_image, null,
				progress("RIDE Synthesize Texture"), token());
	}
}
