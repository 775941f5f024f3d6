package org.ride.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ride.core.model.Evaluation;
import org.ride.core.model.LogLikelihoodMap;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.io.DataInfo;

/**
 * Colour through the macro route, in a fresh headless JVM ({@link ImageJFolder}): an RGB image is trained as a
 * joint 3-channel model, and its map (bits/px of all channels together), evaluation, synthesis (RGB), inpainting
 * (RGB) and folder run work; {@code colour=luminance} still gives a gray model; a composite trains as C channels;
 * a gray model refuses a colour image and a colour model a gray image, each with one clear message.
 */
class RideColourEndToEndTest {

	private static final int W = 40, H = 32;

	@TempDir
	static Path dir;
	static ImageJFolder ij;
	static Path images;

	/** Three correlated channels over a striped texture: R = t, G ≈ 0.8 t + 20, B ≈ 0.5 t + 60. */
	static ColorProcessor rgbTexture(int w, int h, long seed) {
		ByteProcessor t = TestFixtures.texture(w, h, seed);
		Random r = new Random(seed + 1);
		ColorProcessor cp = new ColorProcessor(w, h);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int v = t.get(x, y);
				int g = clamp(0.8 * v + 20 + 4 * r.nextGaussian()), b = clamp(0.5 * v + 60 + 4 * r.nextGaussian());
				cp.set(x, y, v << 16 | g << 8 | b);
			}
		return cp;
	}

	private static int clamp(double v) {
		return (int) Math.max(0, Math.min(255, Math.round(v)));
	}

	@BeforeAll
	static void setUp() throws Exception {
		ij = ImageJFolder.create(dir.resolve("ij"));
		images = Files.createDirectories(dir.resolve("in"));
		assertTrue(new FileSaver(new ImagePlus("rgb", rgbTexture(W, H, 21))).saveAsPng(images.resolve("rgb.png").toString()));
		assertTrue(new FileSaver(new ImagePlus("gray", TestFixtures.texture(W, H, 5))).saveAsTiff(
				images.resolve("gray.tif").toString()));
	}

	@Test
	void anRgbImageIsTrainedJointlyAndEveryCommandGivesColourResults() throws Exception {
		Path out = Files.createDirectories(dir.resolve("out"));
		Path model = out.resolve("rgb.zip");
		ImageJFolder.Result r = ij.run("colour", """
				a = split(getArgument(), ",");
				setBatchMode(true);
				open(a[0] + "/rgb.png");
				run("RIDE Train Model", "image=rgb.png preset=tiny seed=1 model_file=[" + a[1] + "/rgb.zip]");
				m = "model_file=[" + a[1] + "/rgb.zip]";
				run("RIDE Log-Likelihood Map", "image=rgb.png " + m + " seed=7");
				saveAs("Tiff", a[1] + "/map.tif");
				run("RIDE Evaluate Model", "image=rgb.png " + m + " crop_size=16 seed=7");
				saveAs("Results", a[1] + "/results.csv");
				run("RIDE Synthesize Texture", m + " width=20 height=12 seed=5 init_image=rgb.png");
				saveAs("PNG", a[1] + "/texture.png");
				selectImage("rgb.png");
				makeRectangle(14, 10, 6, 5);
				run("RIDE Inpaint ROI", "image=rgb.png " + m + " sweeps=2 candidates=2 window_size=9 block_size=3 stride=2 seed=3");
				saveAs("PNG", a[1] + "/inpainted.png");
				run("RIDE Apply Model to Folder", m + " input_folder=[" + a[0] + "] output_folder=[" + a[1] + "/batch]");
				print("done");
				""", images + "," + out);
		assertEquals(0, r.code(), r.all());
		assertTrue(r.out().contains("done"), r.out());
		assertTrue(r.out().contains("all 3 channels together"), "the map says its units: " + r.out());

		LoadedModel m = LoadedModel.load(model.toString());
		assertEquals(3, m.saved().model().config().numChannels());
		assertEquals(3, m.saved().model().mcgsm().config().dimOut());
		DataInfo info = m.saved().data();
		assertEquals(DataInfo.Colour.JOINT, info.colour());
		assertEquals(ImageData.RGB, info.channels().stream().map(DataInfo.Channel::name).toList());

		// the map: per pixel log2 p(r, g, b | past), the engine's value on the same dequantised channels
		ImagePlus rgb = IJ.openImage(images.resolve("rgb.png").toString());
		ImageData d = ImageData.of(rgb, null, 7, DataInfo.Colour.JOINT, true);
		assertEquals(3, d.channels());
		float[] want = LogLikelihoodMap.compute(m.saved().model(), d.slices().get(0), W, H, Progress.NONE,
				CancelToken.NONE).bits();
		ImagePlus map = IJ.openImage(out.resolve("map.tif").toString());
		assertEquals(32, map.getBitDepth());
		assertEquals(1, map.getStackSize(), "one map for all channels");
		assertEquals("bits/px (3 channels)", map.getCalibration().getValueUnit());
		double sum = 0;
		int n = 0;
		for (int y = 2; y < H; y++)
			for (int x = 2; x < W - 2; x++) {
				assertEquals(want[y * W + x], map.getProcessor().getf(x, y), 1e-4, "pixel " + x + "," + y);
				sum += want[y * W + x];
				n++;
			}

		// Results: the map's mean and the evaluation, both per pixel with all channels together
		List<String> rows = Files.readAllLines(out.resolve("results.csv"));
		List<String> head = List.of(rows.get(0).split(","));
		int col = head.indexOf("mean_bits_per_px");
		assertEquals(sum / n, Double.parseDouble(rows.get(1).split(",")[col]), 1e-3);
		double perChannel = Evaluation.crops(m.saved().model(), Evaluation.split(d.slices().get(0), 3, W, H, 16), 16,
				Progress.NONE, CancelToken.NONE).mean();
		assertEquals(3 * perChannel, Double.parseDouble(rows.get(2).split(",")[col]), 1e-3);

		// synthesis: an RGB texture, every channel inside its own clip range
		ImagePlus tex = IJ.openImage(out.resolve("texture.png").toString());
		assertEquals(ImagePlus.COLOR_RGB, tex.getType());
		assertEquals(20, tex.getWidth());
		assertEquals(12, tex.getHeight());
		int[] px = (int[]) tex.getProcessor().getPixels();
		for (int c = 0; c < 3; c++) {
			DataInfo.Channel ch = info.channels().get(c);
			int min = 255, max = 0;
			for (int p : px) {
				int v = p >> (16 - 8 * c) & 0xff;
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
			assertTrue(min >= Math.floor(ch.clipLow()) && max <= Math.floor(ch.clipHigh()), ch.name() + " in [" + min
					+ ", " + max + "] vs clip [" + ch.clipLow() + ", " + ch.clipHigh() + "]");
			assertTrue(max > min, ch.name() + " varies");
		}

		// inpainting: an RGB copy, identical outside the rectangle, re-drawn inside
		ImagePlus inp = IJ.openImage(out.resolve("inpainted.png").toString());
		assertEquals(ImagePlus.COLOR_RGB, inp.getType());
		int[] before = (int[]) rgb.getProcessor().getPixels(), after = (int[]) inp.getProcessor().getPixels();
		int changed = 0;
		for (int p = 0; p < before.length; p++) {
			int x = p % W, y = p / W;
			boolean in = x >= 14 && x < 20 && y >= 10 && y < 15;
			if (!in) assertEquals(before[p], after[p], "pixel " + x + "," + y + " outside the selection");
			else if (before[p] != after[p]) changed++;
		}
		assertTrue(changed > 20, changed + " of 30 pixels re-drawn");

		// folder: the RGB image is scored, the gray one refused with the reason
		List<String> csv = Files.readAllLines(out.resolve("batch/" + FolderRuns.CSV));
		assertTrue(csv.get(2).startsWith("rgb.png,40,32,") && csv.get(2).endsWith(","), String.join("\n", csv));
		assertTrue(csv.get(1).startsWith("gray.tif") && csv.get(1).contains("predicts 3 colour channels"), csv.get(1));
	}

	@Test
	void luminanceStaysAnOptionAndCompositesTrainAsTheirChannels() throws Exception {
		Path out = Files.createDirectories(dir.resolve("out2"));
		ImageJFolder.Result r = ij.run("luminance", """
				a = split(getArgument(), ",");
				setBatchMode(true);
				open(a[0] + "/rgb.png");
				run("RIDE Train Model", "image=rgb.png preset=tiny seed=1 colour=luminance model_file=[" + a[1] + "/lum.zip]");
				run("RIDE Log-Likelihood Map", "image=rgb.png model_file=[" + a[1] + "/lum.zip]");
				open(a[0] + "/rgb.png");
				rename("comp");
				run("Make Composite");
				run("RIDE Train Model", "image=comp preset=tiny seed=1 model_file=[" + a[1] + "/comp.zip]");
				run("RIDE Synthesize Texture", "model_file=[" + a[1] + "/comp.zip] width=16 height=12 seed=5");
				saveAs("Tiff", a[1] + "/comp-texture.tif");
				print("done");
				""", images + "," + out);
		assertEquals(0, r.code(), r.all());
		assertTrue(r.out().contains("luminance"), r.out());
		LoadedModel lum = LoadedModel.load(out.resolve("lum.zip").toString());
		assertEquals(1, lum.saved().model().config().numChannels());
		assertEquals(DataInfo.Colour.LUMINANCE, lum.saved().data().colour());
		LoadedModel comp = LoadedModel.load(out.resolve("comp.zip").toString());
		assertEquals(3, comp.saved().model().config().numChannels());
		assertEquals(List.of("channel 1", "channel 2", "channel 3"),
				comp.saved().data().channels().stream().map(DataInfo.Channel::name).toList());
		ImagePlus tex = IJ.openImage(out.resolve("comp-texture.tif").toString());
		assertEquals(3, tex.getNChannels());
		assertEquals(32, tex.getBitDepth());
	}

	@Test
	void aGrayModelRefusesAColourImageAndAColourModelAGrayOne() throws Exception {
		Path out = Files.createDirectories(dir.resolve("out3"));
		Path gray = out.resolve("gray.zip");
		TestFixtures.writeTinyModel(gray);
		ImageJFolder.Result g = ij.run("gray-on-rgb", """
				a = split(getArgument(), ",");
				open(a[0] + "/rgb.png");
				run("RIDE Log-Likelihood Map", "image=rgb.png model_file=[" + a[1] + "]");
				print("not reached");
				""", images + "," + gray);
		assertEquals(1, g.code(), g.all());
		assertTrue(g.err().contains("was trained on gray images (1 channel) but 'rgb.png' is an RGB colour image"),
				g.err());
		assertTrue(g.err().contains("colour=[joint channels]"), g.err());
		assertFalse(g.all().contains("\tat "), g.all());
		assertFalse(g.out().contains("not reached"));

		ImageJFolder.Result c = ij.run("rgb-on-gray", """
				a = split(getArgument(), ",");
				setBatchMode(true);
				open(a[0] + "/rgb.png");
				run("RIDE Train Model", "image=rgb.png preset=tiny seed=2 model_file=[" + a[1] + "/c.zip]");
				open(a[0] + "/gray.tif");
				makeRectangle(10, 10, 4, 4);
				run("RIDE Inpaint ROI", "image=gray.tif model_file=[" + a[1] + "/c.zip]");
				""", images + "," + out);
		assertEquals(1, c.code(), c.all());
		assertTrue(c.err().contains("predicts 3 colour channels (red, green, blue) jointly but 'gray.tif' is gray"),
				c.err());
		assertFalse(c.all().contains("\tat "), c.all());
	}
}
