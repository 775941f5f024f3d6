package org.ride.ij;

import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.PlugIn;

/**
 * {@code Plugins › RIDE › RIDE Synthesize Texture}: samples new textures from a trained model
 * ({@link Syntheses}) and shows them as a new 32-bit image titled {@code "<model> texture"} (or {@code title}).
 * <pre>run("RIDE Synthesize Texture", "model_file=[/m/grass.zip] width=256 height=256 count=1 seed=1 init_image=[grass.png]");</pre>
 * {@code init_image} (optional, an open image's title) seeds the canvas margin with its pixel values.
 */
public class RideSynthesize_ implements PlugIn {

	public static final String COMMAND = "RIDE Synthesize Texture";

	@Override
	public void run(String arg) {
		CommandGuard.run(COMMAND, () -> {
			Options o = Options.of(COMMAND)
					.path("model_file", "", "trained RIDE model (.zip)").required()
					.integer("width", 256, 1, 1 << 15, "texture width (px)")
					.integer("height", 256, 1, 1 << 15, "texture height (px)")
					.integer("count", 1, 1, 1024, "textures (a stack if > 1)")
					.integer("seed", 1, 0, Integer.MAX_VALUE, "seed of the sampling noise")
					.string("init_image", "", "title of an image whose pixels start the margin (optional)")
					.string("title", "", "output title (default: '<model> texture')");
			if (!o.read()) return;
			LoadedModel model = LoadedModel.load(o.getPath("model_file"));
			ImagePlus init = o.getString("init_image").isEmpty() ? null
					: Images.find(COMMAND, "init_image", o.getString("init_image"));
			long t0 = System.nanoTime();
			ImagePlus out;
			try (IjCancel cancel = IjCancel.start()) {
				IjProgress progress = new IjProgress(COMMAND, false, 5000, cancel);
				try {
					out = Syntheses.synthesize(model, o.getInt("width"), o.getInt("height"), o.getInt("count"),
							o.getInt("seed"), init, o.getString("title"), progress, cancel.token());
				} finally {
					progress.done();
				}
			}
			IJ.log(String.format(Locale.ROOT, "%s: %d texture(s) %dx%d from '%s' in %.1f s -> '%s'", COMMAND,
					o.getInt("count"), o.getInt("width"), o.getInt("height"), model.name(),
					(System.nanoTime() - t0) / 1e9, out.getTitle()));
			Images.show(out);
		});
	}
}
