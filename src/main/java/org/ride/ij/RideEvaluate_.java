package org.ride.ij;

import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

/**
 * {@code Plugins › RIDE › RIDE Evaluate Model}: the average log-likelihood of an image (all slices) under a
 * model in bits/px on non-overlapping crops, optionally with the 8-symmetry ensemble ({@link Evaluations}).
 * Adds one Results row ({@code image, model, protocol, crops, mean_bits_per_px, std_error, seconds}).
 * <pre>run("RIDE Evaluate Model", "image=[test.tif] model_file=[/m/grass.zip] crop_size=64 ensemble");</pre>
 */
public class RideEvaluate_ implements PlugIn {

	public static final String COMMAND = "RIDE Evaluate Model";

	@Override
	public void run(String arg) {
		CommandGuard.run(COMMAND, () -> {
			Options o = Options.of(COMMAND).image("image")
					.path("model_file", "", "trained RIDE model (.zip)").required()
					.integer("crop_size", 64, 3, 1 << 16, "side of the square crops (paper: 64)")
					.flag("ensemble", "8-symmetry ensemble (EoRIDE, 8x slower)")
					.integer("seed", 0, 0, Integer.MAX_VALUE, "seed of the dequantisation noise (8/16-bit)");
			if (!o.read()) return;
			ImagePlus imp = o.getImage("image");
			LoadedModel model = LoadedModel.load(o.getPath("model_file"));
			boolean ens = o.getFlag("ensemble");
			try (IjCancel cancel = IjCancel.start()) {
				IjProgress progress = new IjProgress(COMMAND, false, 5000, cancel);
				Evaluations.Output out;
				try {
					out = Evaluations.evaluate(model, imp, o.getInt("crop_size"), ens, o.getInt("seed"), progress,
							cancel.token());
				} finally {
					progress.done();
				}
				cancel.token().throwIfCancelled();
				if (!out.note().isEmpty()) IJ.log(COMMAND + ": " + out.note());
				IJ.log(String.format(Locale.ROOT, "%s: '%s' under '%s'%s: %.4f ± %.4f bits/px over %d crops (%.1f s)",
						COMMAND, imp.getTitle(), model.name(), ens ? " (8-symmetry ensemble)" : "", out.meanBits(),
						out.standardError(), out.crops(), out.seconds()));
				ResultsTable rt = ResultsTable.getResultsTable();
				Evaluations.addRow(rt, imp.getTitle(), model.name(), ens, out);
				Images.showResults(rt);
			}
		});
	}
}
