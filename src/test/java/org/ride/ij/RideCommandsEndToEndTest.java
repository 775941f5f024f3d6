package org.ride.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ShortProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ride.core.model.LogLikelihoodMap;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.io.DataInfo;
import org.ride.io.RideModelFile;

/**
 * The scoring commands end to end: {@code run("RIDE …")} lines in a real ImageJ macro, in a fresh headless JVM,
 * with the plugin loaded from {@code plugins/} ({@link ImageJFolder}). The expected numbers are computed here,
 * in the test JVM, straight from the engine ({@link LogLikelihoodMap}) on the same dequantised pixels.
 */
class RideCommandsEndToEndTest {

	private static final double BITS_TOL = 1e-4; // float32 map written to TIFF and read back
	private static final double CLIP_TOL = 1e-3; // clip bounds are doubles, samples float32

	@TempDir
	static Path dir;
	static ImageJFolder ij;
	static Path model, images;

	@BeforeAll
	static void setUp() throws Exception {
		ij = ImageJFolder.create(dir.resolve("ij"));
		model = dir.resolve("models/tiny m.zip");
		Files.createDirectories(model.getParent());
		TestFixtures.writeTinyModel(model);
		images = Files.createDirectories(dir.resolve("in"));
		save(new ImagePlus("tex", TestFixtures.texture(40, 32, 21)), images.resolve("a_tex.tif"));
		save(new ImagePlus("tiny", TestFixtures.texture(3, 3, 1)), images.resolve("b_tiny.tif"));
		ShortProcessor sp = new ShortProcessor(20, 20);
		for (int i = 0; i < 400; i++) sp.set(i, 1000 + 7 * i);
		save(new ImagePlus("wide", sp), images.resolve("c_wide16.tif"));
		Files.writeString(images.resolve("notes.txt"), "not an image");
	}

	private static void save(ImagePlus imp, Path p) {
		assertTrue(new FileSaver(imp).saveAsTiff(p.toString()), "could not write " + p);
	}

	@Test
	void mapEvaluateAndFolderRunThroughMacroLines() throws Exception {
		Path out = Files.createDirectories(dir.resolve("out 1"));
		ImageJFolder.Result r = ij.run("score", """
				a = split(getArgument(), ",");
				setBatchMode(true);
				open(a[1] + "/a_tex.tif");
				run("RIDE Log-Likelihood Map", "image=a_tex.tif model_file=[" + a[0] + "] seed=7");
				selectImage("a_tex.tif loglik [tiny m]");
				saveAs("Tiff", a[2] + "/map.tif");
				run("RIDE Evaluate Model", "image=a_tex.tif model_file=[" + a[0] + "] crop_size=16 ensemble seed=7");
				saveAs("Results", a[2] + "/results.csv");
				run("RIDE Apply Model to Folder", "model_file=[" + a[0] + "] input_folder=[" + a[1] + "] output_folder=[" + a[2] + "/batch]");
				run("RIDE Synthesize Texture", "model_file=[" + a[0] + "] width=20 height=12 count=2 seed=5 init_image=a_tex.tif");
				selectImage("tiny m texture");
				saveAs("Tiff", a[2] + "/texture.tif");
				print("done");
				""", model + "," + images + "," + out);
		assertEquals(0, r.code(), r.all());
		assertTrue(r.out().contains("done"), r.out());

		// the map: 40×32, NaN exactly on the unreachable border (nb 5: top 2 rows, 2 columns left and right)
		ImagePlus map = IJ.openImage(out.resolve("map.tif").toString());
		assertEquals(32, map.getBitDepth());
		assertEquals(40, map.getWidth());
		assertEquals(32, map.getHeight());
		LoadedModel m = LoadedModel.load(model.toString());
		ImageData d = ImageData.of(IJ.openImage(images.resolve("a_tex.tif").toString()), null, 7);
		float[] expected = LogLikelihoodMap.compute(m.saved().model(), d.slices().get(0), 40, 32, 64, Progress.NONE,
				CancelToken.NONE).bits();
		double sum = 0;
		int n = 0;
		for (int y = 0; y < 32; y++)
			for (int x = 0; x < 40; x++) {
				float v = map.getProcessor().getf(x, y);
				boolean border = y < 2 || x < 2 || x >= 38;
				assertEquals(border, Float.isNaN(v), "NaN border at " + x + "," + y);
				if (border) continue;
				assertEquals(expected[y * 40 + x], v, BITS_TOL, "pixel " + x + "," + y);
				sum += v;
				n++;
			}
		assertEquals(30 * 36, n);

		// Results: the map row (mean of the map, reachable count) and the ensemble row
		List<String> rows = Files.readAllLines(out.resolve("results.csv"));
		assertEquals(3, rows.size(), String.join("\n", rows));
		String[] head = rows.get(0).split(",");
		String[] mapRow = rows.get(1).split(",");
		assertEquals(sum / n, Double.parseDouble(mapRow[List.of(head).indexOf("mean_bits_per_px")]), 1e-3);
		assertEquals("1080", mapRow[List.of(head).indexOf("reachable_px")]);
		String[] ens = rows.get(2).split(",");
		assertEquals("8-symmetry ensemble", ens[List.of(head).indexOf("protocol")]);
		assertEquals("4", ens[List.of(head).indexOf("crops")]); // 40×32 → 2×2 crops of 16
		assertTrue(Double.isFinite(Double.parseDouble(ens[List.of(head).indexOf("mean_bits_per_px")])));

		// folder: one map, two refusals with reasons, the text file skipped
		List<String> csv = Files.readAllLines(out.resolve("batch/" + FolderRuns.CSV));
		assertEquals(4, csv.size(), String.join("\n", csv));
		assertTrue(csv.get(1).startsWith("a_tex.tif,40,32,"), csv.get(1));
		assertTrue(csv.get(1).endsWith(","), "no error for a_tex: " + csv.get(1));
		assertTrue(csv.get(2).contains("causal window"), csv.get(2));
		assertTrue(csv.get(3).contains("trained on 8-bit data"), csv.get(3));
		assertTrue(Files.exists(out.resolve("batch/a_tex_loglik.tif")));
		assertFalse(Files.exists(out.resolve("batch/b_tiny_loglik.tif")));
		assertTrue(r.out().contains("skipped notes.txt"), r.out());

		// texture: 2 slices of 20×12, finite, within the clip range recorded in the model
		ImagePlus tex = IJ.openImage(out.resolve("texture.tif").toString());
		assertEquals(20, tex.getWidth());
		assertEquals(12, tex.getHeight());
		assertEquals(2, tex.getStackSize());
		DataInfo info = m.saved().data();
		for (int s = 1; s <= 2; s++) {
			float[] v = (float[]) tex.getStack().getPixels(s);
			for (float x : v) assertTrue(x >= info.clipLow() - CLIP_TOL && x <= info.clipHigh() + CLIP_TOL, "value " + x);
		}
		assertFalse(java.util.Arrays.equals((float[]) tex.getStack().getPixels(1), (float[]) tex.getStack().getPixels(2)));
	}

	@Test
	void shippedBatchMacroWritesMapsAndTable() throws Exception {
		Path out = dir.resolve("batch out");
		String macro = Files.readString(Path.of("macros/batch.ijm"));
		ImageJFolder.Result r = ij.run("batch", macro, model + "," + images + "," + out);
		assertEquals(0, r.code(), r.all());
		List<String> csv = Files.readAllLines(out.resolve(FolderRuns.CSV));
		assertEquals("file,width,height,mean_bits_per_px,reachable_px,seconds,error", csv.get(0));
		assertEquals(4, csv.size(), String.join("\n", csv));
		ImagePlus map = IJ.openImage(out.resolve("a_tex_loglik.tif").toString());
		assertEquals(40, map.getWidth());
		assertTrue(Float.isNaN(map.getProcessor().getf(0, 0)));
		assertTrue(Float.isFinite(map.getProcessor().getf(20, 20)));
		ImageJFolder.Result usage = ij.run("batch-usage", macro, null);
		assertEquals(0, usage.code(), "exit() with a usage message is a deliberate stop");
	}

	@Test
	void missingModelAndTooSmallImageFailWithTheirMessage() throws Exception {
		ImageJFolder.Result missing = ij.run("missing", """
				newImage("x", "8-bit ramp", 20, 20, 1);
				run("RIDE Log-Likelihood Map", "image=x model_file=[/no/such/model.zip]");
				print("not reached");
				""", null);
		assertEquals(1, missing.code(), missing.all());
		assertTrue(missing.err().contains("/no/such/model.zip does not exist"), missing.err());
		assertFalse(missing.out().contains("not reached"));
		ImageJFolder.Result small = ij.run("small", """
				newImage("x", "8-bit ramp", 4, 3, 1);
				run("RIDE Log-Likelihood Map", "image=x model_file=[" + getArgument() + "]");
				""", model.toString());
		assertEquals(1, small.code(), small.all());
		assertTrue(small.err().contains("'x' is 4×3 px but the model's causal window"), small.err());
		assertFalse(small.all().contains("\tat "), small.all());
		assertTrue(RideModelFile.read(model).trained());
	}
}
