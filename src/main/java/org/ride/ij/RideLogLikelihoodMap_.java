package org.ride.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

/**
 * {@code Plugins › RIDE › RIDE Log-Likelihood Map}: scores every pixel of the current slice under a trained
 * model ({@link LikelihoodMaps}) and shows a new 32-bit image in bits/px (NaN on the unreachable border,
 * viridis LUT) titled {@code "<image> loglik [<model>]"}, plus one Results row
 * ({@code image, model, mean_bits_per_px, reachable_px, seconds}). The input is not modified.
 * <pre>run("RIDE Log-Likelihood Map", "image=[grass.png] model_file=[/m/grass.zip] seed=0");</pre>
 * {@code seed} fixes the dequantisation noise of 8/16-bit images; {@code title} overrides the output title.
 */
public class RideLogLikelihoodMap_ implements PlugIn {

	public static final String COMMAND = "RIDE Log-Likelihood Map";

	@Override
	public void run(String arg) {
		CommandGuard.run(COMMAND, () -> {
			Options o = Options.of(COMMAND).image("image")
					.path("model_file", "", "trained RIDE model (.zip)").required()
					.integer("seed", 0, 0, Integer.MAX_VALUE, "seed of the dequantisation noise (8/16-bit)")
					.string("title", "", "output title (default: '<image> loglik [<model>]')");
			if (!o.read()) return;
			ImagePlus imp = o.getImage("image");
			LoadedModel model = LoadedModel.load(o.getPath("model_file"));
			LikelihoodMaps.Output out = run(model, imp, o.getInt("seed"), o.getString("title"));
			Images.show(out.map());
		});
	}

	/** Computes with progress, Esc and log lines; adds the Results row. */
	static LikelihoodMaps.Output run(LoadedModel model, ImagePlus imp, long seed, String title) {
		try (IjCancel cancel = IjCancel.start()) {
			IjProgress progress = new IjProgress(COMMAND, false, 5000, cancel);
			LikelihoodMaps.Output out;
			try {
				out = LikelihoodMaps.compute(model, imp, seed, title, progress, cancel.token());
			} finally {
				progress.done();
			}
			cancel.token().throwIfCancelled();
			if (!out.note().isEmpty()) IJ.log(COMMAND + ": " + out.note());
			IJ.log(String.format(java.util.Locale.ROOT, "%s: '%s' under '%s': %.4f bits/px over %d pixels (%.1f s)",
					COMMAND, imp.getTitle(), model.name(), out.meanBits(), out.reachable(), out.seconds()));
			ResultsTable rt = ResultsTable.getResultsTable();
			LikelihoodMaps.addRow(rt, imp.getTitle(), model.name(), out);
			Images.showResults(rt);
			return out;
		}
	}
}
