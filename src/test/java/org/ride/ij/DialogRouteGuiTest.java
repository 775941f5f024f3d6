package org.ride.ij;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ride.core.model.LogLikelihoodMap;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.io.RideModelFile;

/**
 * The menu route on a real display ({@link XDisplay}: {@code $DISPLAY} or a private Xvfb, which {@code .ci/run} installs): ImageJ 1.x with the plugin loaded from
 * {@code plugins/}, commands started as a menu click starts them, their GenericDialogs filled and OK clicked
 * by {@code org.ride.guitest.GuiDriver} in a fresh JVM. Checks that the dialog's keys reach the engine, that
 * the macro recorder's line replays to the same result, that the loss plot window appears and grows while
 * training runs, and that bad input in a dialog gets one message dialog. Skipped without a display.
 */
class DialogRouteGuiTest {

	@TempDir
	static Path dir;
	static ImageJFolder ij;
	static Path model, texture;
	private static Properties train, bad;

	static XDisplay display;

	@BeforeEach
	void needsDisplay() {
		assumeTrue(display != null, "no display: DISPLAY is unset and Xvfb is not installed (apt-get install xvfb)");
	}

	@BeforeAll
	static void setUp() throws Exception {
		display = XDisplay.find();
		if (display == null) return;
		ij = ImageJFolder.create(dir.resolve("ij"));
		model = dir.resolve("models/tiny m.zip");
		Files.createDirectories(model.getParent());
		TestFixtures.writeTinyModel(model);
		texture = dir.resolve("a_tex.tif");
		assertTrue(new FileSaver(new ImagePlus("tex", TestFixtures.texture(40, 32, 21))).saveAsTiff(texture.toString()));
	}

	@AfterAll
	static void stopDisplay() throws Exception {
		if (display != null) display.close();
	}

	private static Properties drive(String scenario, String... args) throws Exception {
		Path work = Files.createDirectories(dir.resolve(scenario));
		List<String> a = new ArrayList<>(List.of(scenario, work.toString()));
		a.addAll(List.of(args));
		ImageJFolder.Result r = ij.runGui(display.name(), scenario, a.toArray(new String[0]));
		assertEquals(0, r.code(), r.all());
		Properties p = new Properties();
		try (InputStream in = Files.newInputStream(work.resolve("result.properties"))) {
			p.load(in);
		}
		assertEquals("false", p.getProperty("exception_window"), "ImageJ showed an exception window");
		assertFalse(p.getProperty("log").contains("\tat "), "stack trace in the Log window:\n" + p.getProperty("log"));
		return p;
	}

	@Test
	void mapDialogKeysReachTheEngineAndTheRecordedLineReplaysToTheSameMap() throws Exception {
		Properties p = drive("map", texture.toString(), model.toString(), "a_tex.tif loglik [tiny m]");
		assertEquals("a_tex.tif", p.getProperty("dialog_image"), "the dialog offers the current image");
		assertEquals("run(\"RIDE Log-Likelihood Map\", \"image=a_tex.tif model_file=[" + model + "] seed=7\");",
				p.getProperty("recorded"));
		float[] dialog = pixels(dir.resolve("map/dialog-map.tif")), replay = pixels(dir.resolve("map/replay-map.tif"));
		assertArrayEquals(dialog, replay, "the recorder's line gives the dialog's map");
		// seed 7 typed into the dialog reached the engine: the map is the engine's for seed 7
		ImageData d = ImageData.of(IJ.openImage(texture.toString()), null, 7);
		float[] expected = LogLikelihoodMap.compute(LoadedModel.load(model.toString()).saved().model(),
				d.slices().get(0), 40, 32, 64, Progress.NONE, CancelToken.NONE).bits();
		int finite = 0;
		for (int i = 0; i < expected.length; i++) {
			if (Float.isNaN(dialog[i])) continue;
			assertEquals(expected[i], dialog[i], 1e-4, "pixel " + i);
			finite++;
		}
		assertEquals(30 * 36, finite);
	}

	private static float[] pixels(Path tif) {
		ImagePlus imp = IJ.openImage(tif.toString());
		assertEquals(32, imp.getBitDepth(), tif + " is not a 32-bit map");
		return (float[]) imp.getProcessor().getPixels();
	}

	private static synchronized Properties train() throws Exception {
		if (train == null) train = drive("train", texture.toString(), dir.resolve("train/m.zip").toString());
		return train;
	}

	@Test
	void lossPlotWindowAppearsAndUpdatesWhileTraining() throws Exception {
		Properties p = train();
		long end = Long.parseLong(p.getProperty("training_end_ms"));
		System.out.println("DialogRouteGuiTest: training ended at " + end + " ms; plot (ms:points) "
				+ p.getProperty("plot_observations") + "; final " + p.getProperty("plot_points_final"));
		// "ms:points" each time the plot window's point count changed; -1 = no plot window yet
		List<long[]> before = new ArrayList<>();
		for (String o : p.getProperty("plot_observations").split(",")) {
			String[] f = o.split(":");
			long t = Long.parseLong(f[0]), n = Long.parseLong(f[1]);
			if (t < end && n > 0) before.add(new long[] { t, n });
		}
		assertTrue(before.size() >= 2, "the plot window should appear and then grow before training ends ("
				+ end + " ms): " + p.getProperty("plot_observations"));
		assertTrue(before.get(before.size() - 1)[1] > before.get(0)[1]);
		// the final plot has one point per minibatch of the saved training history (every loss is finite here)
		double[] loss = RideModelFile.read(dir.resolve("train/dialog-model.zip")).training().loss();
		assertTrue(java.util.Arrays.stream(loss).allMatch(Double::isFinite));
		assertEquals(loss.length, Long.parseLong(p.getProperty("plot_points_final")));
	}

	@Test
	void trainDialogsRecordOneLineThatReplaysToTheSameModel() throws Exception {
		Properties p = train();
		String line = p.getProperty("recorded");
		assertTrue(line.startsWith("run(\"RIDE Train Model\", \"image=a_tex.tif preset=tiny seed=3 model_file=" + dir.resolve("train/m.zip") + " "), line);
		assertTrue(line.contains(" restart ") && line.contains(" epochs=150 ") && line.contains(" max_patches=32 ")
				&& line.contains(" finetune_iter=3 "), line);
		assertEquals("1", p.getProperty("second_dialog_epochs_default"), "second dialog shows the tiny preset's value");
		Path dialog = dir.resolve("train/dialog-model.zip"), replay = dir.resolve("train/m.zip");
		assertTrue(RideModelFile.read(dialog).trained());
		TreeMap<String, byte[]> a = npyEntries(dialog), b = npyEntries(replay);
		assertEquals(a.keySet(), b.keySet());
		assertFalse(a.isEmpty());
		for (String k : a.keySet()) assertArrayEquals(a.get(k), b.get(k), k + " differs after replaying the line");
		assertEquals(150, RideModelFile.read(replay).training().config().epochsPerStage());
	}

	private static TreeMap<String, byte[]> npyEntries(Path zip) throws IOException {
		TreeMap<String, byte[]> out = new TreeMap<>();
		try (ZipFile z = new ZipFile(zip.toFile())) {
			for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements();) {
				ZipEntry x = e.nextElement();
				if (x.getName().endsWith(".npy")) try (InputStream in = z.getInputStream(x)) {
					out.put(x.getName(), in.readAllBytes());
				}
			}
		}
		return out;
	}

	private static synchronized Properties bad() throws Exception {
		if (bad == null) bad = drive("bad", texture.toString(), model.toString());
		return bad;
	}

	private static void oneMessage(String name, String... phrases) throws Exception {
		Properties p = bad();
		assertEquals("1", p.getProperty(name + ".dialogs"), name + ": exactly one message dialog");
		assertEquals("MessageDialog", p.getProperty(name + ".kind"));
		String text = p.getProperty(name + ".text");
		for (String s : phrases) assertTrue(text.contains(s), name + ": '" + s + "' not in the message:\n" + text);
		assertFalse(text.contains("Exception") || text.contains("\tat "), text);
	}

	@Test
	void missingModelFileInTheDialogGetsOneMessage() throws Exception {
		oneMessage("missing_model", "no such model.zip", "does not exist");
	}

	@Test
	void tooSmallImageInTheDialogGetsOneMessage() throws Exception {
		oneMessage("small_image", "'small' is 4×3 px", "causal window");
	}

	@Test
	void inpaintWithoutSelectionInTheDialogGetsOneMessage() throws Exception {
		oneMessage("no_selection", "there is no selection", "select the region");
	}
}
