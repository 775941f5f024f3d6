package org.ride.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.io.FileSaver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ride.io.RideModelFile;
import org.ride.io.SavedModel;

/**
 * {@code RIDE Train Model} end to end through a macro in a fresh headless ImageJ JVM ({@link ImageJFolder}):
 * a tiny model trained on a 32×32 8-bit texture within a selection, saved, reloaded and used by the other
 * commands in the same macro.
 */
class RideTrainEndToEndTest {

	@TempDir
	static Path dir;
	static ImageJFolder ij;

	@BeforeAll
	static void setUp() throws Exception {
		ij = ImageJFolder.create(dir.resolve("ij"));
		assertTrue(new FileSaver(new ImagePlus("tex", TestFixtures.texture(36, 32, 5))).saveAsTiff(
				dir.resolve("tex.tif").toString()));
	}

	@Test
	void trainsSavesAndUsesATinyModel() throws Exception {
		Path out = Files.createDirectories(dir.resolve("out"));
		ImageJFolder.Result r = ij.run("train", """
				a = split(getArgument(), ",");
				setBatchMode(true);
				open(a[0]);
				makeRectangle(2, 0, 32, 32);
				run("RIDE Train Model", "image=tex.tif preset=tiny seed=3 model_file=[" + a[1] + "/tiny.zip] batch_size=4 max_patches=8");
				run("Select None");
				run("RIDE Log-Likelihood Map", "image=tex.tif model_file=[" + a[1] + "/tiny.zip]");
				saveAs("Results", a[1] + "/results.csv");
				selectImage("tex.tif");
				makeOval(12, 10, 10, 8);
				run("RIDE Inpaint ROI", "image=tex.tif model_file=[" + a[1] + "/tiny.zip] sweeps=2 candidates=2 seed=4 average_last=2 acceptance_map");
				selectImage("tex.tif inpainted");
				saveAs("Tiff", a[1] + "/inpainted.tif");
				selectImage("tex.tif inpainted mean");
				saveAs("Tiff", a[1] + "/mean.tif");
				selectImage("tex.tif inpainted acceptance");
				saveAs("Tiff", a[1] + "/acceptance.tif");
				selectImage("tex.tif");
				run("Select None");
				saveAs("Tiff", a[1] + "/input_after.tif");
				""", dir.resolve("tex.tif") + "," + out);
		assertEquals(0, r.code(), r.all());
		assertTrue(r.out().contains("RIDE Train Model: stage 1/2 (patch 8): train "), r.out());
		assertTrue(r.out().contains("RIDE Train Model: stage 2/2 (patch 10): train "), r.out());
		assertTrue(r.out().contains("ETA"), r.out());
		assertTrue(r.out().contains("selection's bounding box 32×32"), r.out());
		SavedModel m = RideModelFile.readTrained(out.resolve("tiny.zip"));
		assertEquals(8, m.data().bitDepth());
		assertTrue(m.data().dequantised());
		assertTrue(m.data().min() >= 0 && m.data().max() < 256, m.data().toString());
		assertEquals(2, m.training().stagesDone());
		assertEquals(3, m.training().config().seed());
		assertEquals(4, m.training().config().batchSize());
		assertFalse(m.training().cancelled());
		assertTrue(m.training().loss().length >= 2);
		for (double l : m.training().loss()) assertTrue(Double.isFinite(l));
		List<String> rows = Files.readAllLines(out.resolve("results.csv"));
		assertEquals(2, rows.size());
		int col = List.of(rows.get(0).split(",")).indexOf("mean_bits_per_px");
		assertTrue(Double.isFinite(Double.parseDouble(rows.get(1).split(",")[col])), rows.get(1));

		// inpainting: a copy equal to the input outside the oval, different inside; the input is unchanged
		ImagePlus original = IJ.openImage(dir.resolve("tex.tif").toString());
		ImagePlus after = IJ.openImage(out.resolve("input_after.tif").toString());
		ImagePlus filled = IJ.openImage(out.resolve("inpainted.tif").toString());
		assertEquals(8, filled.getBitDepth());
		boolean[] oval = RoiMasks.of(new OvalRoi(12, 10, 10, 8), 36, 32);
		int changed = 0;
		for (int p = 0; p < oval.length; p++) {
			int o = original.getProcessor().get(p), f = filled.getProcessor().get(p);
			assertEquals(o, after.getProcessor().get(p), "input modified at pixel " + p);
			if (!oval[p]) assertEquals(o, f, "pixel " + p + " outside the selection changed");
			else if (o != f) changed++;
		}
		assertTrue(changed > RoiMasks.count(oval) / 2, changed + " of " + RoiMasks.count(oval) + " pixels changed");
		// diagnostics: the posterior mean and the acceptance rate, defined inside the selection only
		ImagePlus mean = IJ.openImage(out.resolve("mean.tif").toString());
		ImagePlus acc = IJ.openImage(out.resolve("acceptance.tif").toString());
		for (int p = 0; p < oval.length; p++) {
			float a = acc.getProcessor().getf(p), mv = mean.getProcessor().getf(p);
			if (oval[p]) {
				assertTrue(a >= 0 && a <= 1, "acceptance " + a + " at " + p);
				assertTrue(mv >= 0 && mv < 256, "mean " + mv + " at " + p);
			} else {
				assertTrue(Float.isNaN(a), "acceptance outside the selection at " + p);
				assertEquals(original.getProcessor().get(p), mv, 1.0, "mean outside the selection at " + p);
			}
		}
		assertTrue(r.out().contains("RIDE Inpaint ROI: 'tex.tif' under 'tiny': " + RoiMasks.count(oval) + " px filled, 2 sweeps"),
				r.out());
	}

	@Test
	void tooSmallTrainingImageIsRefused() throws Exception {
		ImageJFolder.Result r = ij.run("small", """
				newImage("s", "8-bit ramp", 6, 6, 1);
				run("RIDE Train Model", "image=s preset=tiny model_file=[" + getArgument() + "/x.zip]");
				""", dir.toString());
		assertEquals(1, r.code(), r.all());
		assertTrue(r.err().contains("'s' is 6×6 px but the smallest training patch is 8×8 px"), r.err());
		assertFalse(Files.exists(dir.resolve("x.zip")));
	}
}
