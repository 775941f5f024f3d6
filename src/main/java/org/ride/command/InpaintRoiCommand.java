package org.ride.command;

import java.io.File;

import ij.ImagePlus;
import ij.gui.Roi;
import org.ride.core.inpaint.InpaintOptions;
import org.ride.ij.Inpaintings;
import org.ride.ij.LoadedModel;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * SciJava twin of {@code RIDE Inpaint ROI} ({@link Inpaintings}): fills {@code roi} (default: the image's
 * selection) and returns an inpainted copy; the input is not modified.
 */
@Plugin(type = Command.class, label = "RIDE Inpaint ROI (SciJava)")
public class InpaintRoiCommand extends RideCommand {

	@Parameter(label = "image", persist = false)
	public ImagePlus image;

	@Parameter(label = "model_file", persist = false)
	public File model_file;

	@Parameter(label = "roi", required = false, persist = false)
	public Roi roi;

	@Parameter(label = "sweeps", min = "0", required = false)
	public int sweeps = 100;

	@Parameter(label = "candidates", min = "0", required = false)
	public int candidates = 5;

	@Parameter(label = "seed", required = false)
	public int seed = 1;

	@Parameter(label = "inpainted", type = ItemIO.OUTPUT)
	public ImagePlus inpainted;

	@Parameter(label = "region_bits_per_px", type = ItemIO.OUTPUT)
	public double region_bits_per_px;

	@Override
	protected void execute() {
		LoadedModel m = LoadedModel.load(model_file == null ? null : model_file.getPath());
		InpaintOptions o = InpaintOptions.defaults(0, 1, seed).withSweeps(sweeps).withCandidates(candidates);
		Inpaintings.Output out = Inpaintings.inpaint(m, image, roi != null ? roi : image.getRoi(), o, null,
				progress("RIDE Inpaint ROI"), token());
		inpainted = out.image();
		region_bits_per_px = out.regionBits();
		if (out.cancelled()) cancel("stopped after " + out.sweeps() + " sweeps");
	}
}
