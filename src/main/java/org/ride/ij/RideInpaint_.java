package org.ride.ij;

import java.util.Locale;
import java.util.concurrent.CancellationException;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.io.RoiDecoder;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import org.ride.core.inpaint.InpaintOptions;

/**
 * {@code Plugins › RIDE › RIDE Inpaint ROI}: fills the area selection of an image with samples from a trained
 * model's posterior ({@link Inpaintings}) and shows an inpainted COPY titled {@code "<image> inpainted"}; the
 * input is not modified. One Results row ({@code image, model, region_px, region_bits_per_px, sweeps,
 * seconds}). Headless jobs can pass the region as a {@code .roi} file instead of a selection. Optionally also
 * shows the posterior mean of the last {@code average_last} sweeps ({@code "<title> mean"}, a smooth estimate)
 * and the per-pixel acceptance rate ({@code "<title> acceptance"}, a diagnostic of the chain).
 * <pre>makeOval(40, 40, 24, 24);
 * run("RIDE Inpaint ROI", "image=[grass.png] model_file=[/m/grass.zip] sweeps=100 seed=1");</pre>
 * Esc stops the chain; the most likely state so far is shown, then the command reports the cancel.
 */
public class RideInpaint_ implements PlugIn {

	public static final String COMMAND = "RIDE Inpaint ROI";

	@Override
	public void run(String arg) {
		CommandGuard.run(COMMAND, () -> {
			InpaintOptions def = InpaintOptions.defaults(0, 1, 1);
			Options o = Options.of(COMMAND).image("image")
					.path("model_file", "", "trained RIDE model (.zip)").required()
					.integer("sweeps", def.sweeps(), 0, 100000, "MCMC sweeps over the region (paper: 100)")
					.integer("candidates", def.candidates(), 0, 1000, "initial samples; the most likely starts the chain")
					.integer("window_size", def.windowSize(), 5, 255, "side M of the MH window (19)")
					.integer("block_size", def.blockSize(), 1, 251, "side N of the re-sampled block (5)")
					.integer("stride", def.stride(), 1, 251, "step between blocks (3)")
					.flag("no_flip", "do not flip the image between sweeps")
					.integer("average_last", 0, 0, 100000, "also show the posterior mean: the average of the last N sweeps (0 = no)")
					.flag("acceptance_map", "also show the per-pixel acceptance rate")
					.integer("seed", 1, 0, Integer.MAX_VALUE, "seed of the chain and the dequantisation")
					.path("roi_file", "", "a .roi file with the region (default: the image's selection)")
					.string("title", "", "output title (default: '<image> inpainted')");
			if (!o.read()) return;
			ImagePlus imp = o.getImage("image");
			Roi roi = o.getPath("roi_file").isEmpty() ? imp.getRoi() : RoiDecoder.open(o.getPath("roi_file"));
			if (roi == null && !o.getPath("roi_file").isEmpty()) throw new IllegalArgumentException("could not read "
					+ "the selection file " + o.getPath("roi_file") + "; save one with Edit > Selection > ... or the ROI Manager");
			LoadedModel model = LoadedModel.load(o.getPath("model_file"));
			InpaintOptions io = new InpaintOptions(o.getInt("sweeps"), o.getInt("window_size"), o.getInt("block_size"),
					o.getInt("stride"), o.getInt("candidates"), !o.getFlag("no_flip"),
					Math.min(o.getInt("average_last"), o.getInt("sweeps")), 0, 1, o.getInt("seed"));
			Inpaintings.Output out;
			try (IjCancel cancel = IjCancel.start()) {
				IjProgress progress = new IjProgress(COMMAND, false, 5000, cancel);
				try {
					out = Inpaintings.inpaint(model, imp, roi, io, o.getString("title"), progress, cancel.token());
				} finally {
					progress.done();
				}
			}
			if (!out.note().isEmpty()) IJ.log(COMMAND + ": " + out.note());
			IJ.log(String.format(Locale.ROOT, "%s: '%s' under '%s': %d px filled, %d sweeps, %.4f bits/px in the region "
					+ "(%.1f s) -> '%s'", COMMAND, imp.getTitle(), model.name(), out.regionPx(), out.sweeps(),
					out.regionBits(), out.seconds(), out.image().getTitle()));
			ResultsTable rt = ResultsTable.getResultsTable();
			Inpaintings.addRow(rt, imp.getTitle(), model.name(), out);
			Images.showResults(rt);
			Images.show(out.image());
			if (out.mean() != null) Images.show(out.mean());
			if (o.getFlag("acceptance_map")) Images.show(out.acceptance());
			if (out.cancelled()) throw new CancellationException("stopped after " + out.sweeps() + " sweeps; the result "
					+ "so far is shown");
		});
	}
}
