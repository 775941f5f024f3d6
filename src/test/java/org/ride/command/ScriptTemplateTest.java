package org.ride.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ride.ij.LikelihoodMaps;
import org.ride.ij.LoadedModel;
import org.ride.ij.TestFixtures;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.io.RideModelFile;
import org.scijava.Context;
import org.scijava.log.LogService;
import org.scijava.script.ScriptModule;
import org.scijava.script.ScriptService;

/**
 * The shipped script templates ({@code script_templates/RIDE/*.js}) run headless through
 * SciJava's {@link ScriptService} with its {@code #@} parameters, as headless Fiji runs it: JavaScript through
 * the JSR-223 engine Rhino (test scope), the commands through {@code CommandService}. The outputs are checked
 * against the shared ij code run here on the model the script trained.
 */
class ScriptTemplateTest {

	@TempDir
	Path dir;

	private ScriptModule runTemplate(Context ctx, File image, File model, File out, String settings) throws Exception {
		return ctx.service(ScriptService.class).run(template("Train_and_Use_a_Model.js"), true, "image_file", image,
				"model_file", model, "output_folder", out, "preset", "tiny", "seed", 2, "settings", settings).get();
	}

	/** A shipped template copied from the class path (as in the plugin jar) to a file. */
	private File template(String name) throws Exception {
		Path script = dir.resolve(name);
		String res = "/script_templates/RIDE/" + name;
		try (var in = ScriptTemplateTest.class.getResourceAsStream(res)) {
			assertNotNull(in, res + " is not in the plugin jar's resources");
			Files.writeString(script, new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		return script.toFile();
	}

	@Test
	void mapTemplateWritesTheMapAndReturnsItsMean() throws Exception {
		File image = dir.resolve("tex.tif").toFile(), model = dir.resolve("m.zip").toFile(), map = dir.resolve("map.tif").toFile();
		assertTrue(new FileSaver(new ImagePlus("tex", TestFixtures.texture(30, 26, 5))).saveAsTiff(image.getPath()));
		TestFixtures.writeTinyModel(model.toPath());
		LikelihoodMaps.Output expected = LikelihoodMaps.compute(LoadedModel.load(model.getPath()),
				IJ.openImage(image.getPath()), 0, null, Progress.NONE, CancelToken.NONE);
		try (Context ctx = new Context()) {
			ScriptModule m = ctx.service(ScriptService.class).run(template("Log_Likelihood_Map.js"), true, "image_file",
					image, "model_file", model, "map_file", map).get();
			assertEquals(expected.meanBits(), ((Number) m.getOutput("mean_bits_per_px")).doubleValue(), 1e-9);
		}
		assertArrayEquals((float[]) expected.map().getProcessor().getPixels(),
				(float[]) IJ.openImage(map.getPath()).getProcessor().getPixels());
	}

	@Test
	void templateTrainsAndUsesAModelThroughCommandService() throws Exception {
		File image = dir.resolve("tex.tif").toFile(), model = dir.resolve("tex model.zip").toFile(),
				out = dir.resolve("out").toFile();
		assertTrue(new FileSaver(new ImagePlus("tex", TestFixtures.texture(40, 36, 8))).saveAsTiff(image.getPath()));
		try (Context ctx = new Context()) {
			ScriptModule m = runTemplate(ctx, image, model, out, "epochs=2");
			assertEquals(2, RideModelFile.read(model.toPath()).training().config().epochsPerStage(),
					"the settings parameter reached the trainer");
			assertEquals(2L, RideModelFile.read(model.toPath()).training().config().seed());
			double expected = LikelihoodMaps.compute(LoadedModel.load(model.getPath()), IJ.openImage(image.getPath()), 0,
					null, Progress.NONE, CancelToken.NONE).meanBits();
			assertEquals(expected, ((Number) m.getOutput("bits_per_px")).doubleValue(), 1e-9);
			assertTrue(Double.isFinite(((Number) m.getOutput("region_bits_per_px")).doubleValue()));
			assertTrue(Double.isFinite(((Number) m.getOutput("evaluation_bits_per_px")).doubleValue()));
			for (String f : new String[] { "loglik.tif", "synthesized.tif", "inpainted.tif" }) {
				ImagePlus imp = IJ.openImage(new File(out, f).getPath());
				assertNotNull(imp, f);
				assertEquals(40, imp.getWidth(), f);
				assertEquals(36, imp.getHeight(), f);
			}
		}
	}

	@Test
	void aBadSettingFailsTheScriptWithTheCommandsMessage() throws Exception {
		File image = dir.resolve("tex.tif").toFile();
		assertTrue(new FileSaver(new ImagePlus("tex", TestFixtures.texture(40, 36, 8))).saveAsTiff(image.getPath()));
		StringBuilder logged = new StringBuilder();
		try (Context ctx = new Context()) {
			// NB: ScriptService logs a failing script's exception and completes the module normally
			ctx.service(LogService.class).addLogListener(msg -> logged.append(msg.text()).append(msg.throwable()).append('\n'));
			ScriptModule m = runTemplate(ctx, image, dir.resolve("m.zip").toFile(), dir.resolve("out").toFile(), "epochs=lots");
			assertEquals(null, m.getOutput("bits_per_px"));
		}
		assertTrue(logged.toString().contains("RIDE Train Model: option epochs=lots is not an integer; expected an integer "
				+ "in [1, 10000]"), logged.toString());
		assertTrue(!Files.exists(dir.resolve("m.zip")), "no model file after a refused setting");
	}
}
