package org.ride.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ride.io.RideModelFile;

/**
 * The one-command example macros in {@code macros/} (train, loglik-map, synthesize, inpaint, evaluate,
 * image-info; batch.ijm is covered by {@link RideCommandsEndToEndTest}) run as shipped, one after another in
 * one headless ImageJ ({@link ImageJFolder}), on a small texture with the {@code tiny} preset.
 */
class MacroExamplesTest {

	@TempDir
	Path dir;

	@Test
	void everyExampleMacroRunsAndWritesItsOutput() throws Exception {
		ImageJFolder ij = ImageJFolder.create(dir.resolve("ij"));
		Path image = dir.resolve("tex.tif"), model = dir.resolve("out/tex model.zip"), out = dir.resolve("out");
		Files.createDirectories(out);
		assertTrue(new FileSaver(new ImagePlus("tex", TestFixtures.texture(48, 40, 3))).saveAsTiff(image.toString()));
		Path macros = Path.of("macros").toAbsolutePath();
		String i = image.toString(), m = model.toString(), o = out.toString();
		ImageJFolder.Result r = ij.run("examples", String.join("\n", List.of(
				call(macros, "train.ijm", i + "," + m + ",tiny,4"),
				call(macros, "loglik-map.ijm", i + "," + m + "," + o + "/map.tif"),
				call(macros, "synthesize.ijm", m + "," + o + "/texture.tif,30,20,2"),
				call(macros, "inpaint.ijm", i + "," + m + "," + o + "/inpainted.tif,2"),
				call(macros, "evaluate.ijm", i + "," + m + "," + o + "/results.csv,16"),
				call(macros, "image-info.ijm", i + "," + o + "/info.tif"),
				"print(\"all examples done\");")), null);
		assertEquals(0, r.code(), r.all());
		assertTrue(r.out().contains("all examples done"), r.out());
		assertEquals(4L, RideModelFile.read(model).training().config().seed());
		assertFalse(r.out().contains("ABORTED") || r.out().contains("ERROR"), r.out());
		assertSize(out.resolve("map.tif"), 48, 40, 32);
		assertSize(out.resolve("texture.tif"), 30, 20, 32);
		assertSize(out.resolve("inpainted.tif"), 48, 40, 8);
		assertSize(out.resolve("info.tif"), 48, 40, 32);
		List<String> rows = Files.readAllLines(out.resolve("results.csv"));
		assertEquals(3, rows.size(), String.join("\n", rows)); // header, plain, ensemble
		assertTrue(rows.get(2).contains("8-symmetry ensemble"), rows.get(2));
		int oval = RoiMasks.count(RoiMasks.of(new ij.gui.OvalRoi(19, 15, 10, 10), 48, 40)); // the macro's centred hole
		assertTrue(r.out().contains("RIDE inpaint: " + oval + " px filled"), r.out());
	}

	private static String call(Path macros, String name, String arg) {
		// runMacro returns "[aborted]" when a command failed (its message is logged); the caller goes on
		return "if (runMacro(\"" + macros.resolve(name) + "\", \"" + arg + "\") == \"[aborted]\") print(\"ABORTED " + name
				+ "\");";
	}

	private static void assertSize(Path tif, int w, int h, int bits) {
		ImagePlus imp = IJ.openImage(tif.toString());
		assertNotNull(imp, tif + " missing");
		assertEquals(w, imp.getWidth(), tif.toString());
		assertEquals(h, imp.getHeight(), tif.toString());
		assertEquals(bits, imp.getBitDepth(), tif.toString());
	}
}
