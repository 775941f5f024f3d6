package org.ride.ij;

import ij.IJ;
import ij.plugin.PlugIn;

import java.io.File;

/**
 * {@code Plugins › RIDE › RIDE Apply Model to Folder}: log-likelihood maps of every image in a folder plus one
 * CSV table ({@link FolderRuns}); images the model refuses are listed with their reason and skipped.
 * <pre>run("RIDE Apply Model to Folder", "model_file=[/m/grass.zip] input_folder=[/data/in] output_folder=[/data/out]");</pre>
 */
public class RideApplyFolder_ implements PlugIn {

	public static final String COMMAND = "RIDE Apply Model to Folder";

	@Override
	public void run(String arg) {
		CommandGuard.run(COMMAND, () -> {
			Options o = Options.of(COMMAND)
					.path("model_file", "", "trained RIDE model (.zip)").required()
					.path("input_folder", "", "folder of images").required().mustExist()
					.path("output_folder", "", "where maps and " + FolderRuns.CSV + " go (created)").required()
					.integer("seed", 0, 0, Integer.MAX_VALUE, "seed of the dequantisation noise (8/16-bit)");
			if (!o.read()) return;
			LoadedModel model = LoadedModel.load(o.getPath("model_file"));
			try (IjCancel cancel = IjCancel.start()) {
				IjProgress progress = new IjProgress(COMMAND, false, 5000, cancel);
				FolderRuns.Output out;
				try {
					out = FolderRuns.apply(model, new File(o.getPath("input_folder")), new File(o.getPath("output_folder")),
							o.getInt("seed"), line -> IJ.log(COMMAND + ": " + line), progress, cancel.token());
				} finally {
					progress.done();
				}
				IJ.log(COMMAND + ": " + out.rows().size() + " image(s), " + out.failed() + " refused; table " + out.csv());
			}
		});
	}
}
