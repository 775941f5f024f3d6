package org.ride.guitest;

import java.awt.Dialog;
import java.awt.Frame;
import java.io.File;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.PlotWindow;

/**
 * Runs RIDE menu commands in a real ImageJ 1.x on a display, as a user would: the command is started the
 * way a menu click starts it ({@code IJ.doCommand}: a new thread, no macro options), its {@code GenericDialog}
 * is found on screen, its fields are filled and OK is clicked with the mouse. What happened goes to
 * {@code result.properties} in the work folder, for {@code DialogRouteGuiTest} to judge.
 * <pre>java -Dplugins.dir=IJDIR -cp ij.jar:guiboot org.ride.guitest.GuiDriver SCENARIO WORKDIR ARGS...</pre>
 * Scenarios: {@code map IMAGE MODEL MAPTITLE}, {@code train IMAGE MODEL}, {@code bad IMAGE MODEL}.
 */
public final class GuiDriver {

	static final String MAP = "RIDE Log-Likelihood Map", TRAIN = "RIDE Train Model", INPAINT = "RIDE Inpaint ROI";

	private final Gui gui;
	private final Path work;
	private final Properties out = new Properties();

	private GuiDriver(Gui gui, Path work) {
		this.gui = gui;
		this.work = work;
	}

	public static void main(String[] args) {
		int code = 0;
		try {
			Gui.debugDir = new File(args[1]);
			GuiDriver d = new GuiDriver(Gui.start(true), Path.of(args[1]));
			switch (args[0]) {
			case "map" -> d.map(args[2], args[3], args[4]);
			case "train" -> d.train(args[2], args[3]);
			case "bad" -> d.bad(args[2], args[3]);
			default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
			}
			d.out.setProperty("log", IJ.getLog() == null ? "" : IJ.getLog());
			d.out.setProperty("exception_window", String.valueOf(WindowManager.getWindow("Exception") != null));
			try (OutputStream os = new FileOutputStream(d.work.resolve("result.properties").toFile())) {
				d.out.store(os, "GuiDriver " + args[0]);
			}
			System.out.println("GuiDriver: " + args[0] + " done");
		} catch (Throwable t) {
			t.printStackTrace();
			code = 1;
		}
		System.exit(code);
	}

	private static ImagePlus open(String path) throws Exception {
		ImagePlus imp = IJ.openImage(path);
		if (imp == null) throw new IllegalStateException("cannot open " + path);
		Gui.onEdt(() -> {
			imp.show();
			return null;
		});
		return Gui.awaitImage(imp.getTitle());
	}

	private static void close(ImagePlus imp) throws Exception {
		Gui.onEdt(() -> {
			imp.changes = false;
			imp.close();
			return null;
		});
	}

	/** The map dialog with model_file and seed typed in; then its recorder line replayed as a macro. */
	private void map(String image, String model, String mapTitle) throws Exception {
		ImagePlus imp = open(image);
		IJ.doCommand(MAP);
		GenericDialog gd = Gui.awaitGenericDialog(MAP);
		out.setProperty("dialog_image", Gui.get(gd, "image"));
		Gui.set(gd, "model_file", model);
		Gui.set(gd, "seed", "7");
		gui.ok(gd);
		String line = Gui.awaitRecorded(MAP, 1);
		out.setProperty("recorded", line);
		ImagePlus map = Gui.awaitImage(mapTitle);
		IJ.saveAsTiff(map, work.resolve("dialog-map.tif").toString());
		close(map);
		IJ.runMacro(line);
		ImagePlus again = Gui.awaitImage(mapTitle);
		IJ.saveAsTiff(again, work.resolve("replay-map.tif").toString());
		out.setProperty("input_title", imp.getTitle());
	}

	/**
	 * Both train dialogs (preset/seed/file, then the settings), watching the loss plot window while training
	 * runs; then the recorder line replayed into the same model file.
	 */
	private void train(String image, String model) throws Exception {
		open(image);
		IJ.doCommand(TRAIN);
		GenericDialog first = Gui.awaitGenericDialog(TRAIN);
		Gui.set(first, "preset", "tiny");
		Gui.set(first, "seed", "3");
		Gui.set(first, "model_file", model);
		Gui.set(first, "restart", "true"); // the replay below trains into the same file: a new model, not a resume
		gui.ok(first);
		GenericDialog all = Gui.awaitGenericDialog(TRAIN);
		out.setProperty("second_dialog_epochs_default", Gui.get(all, "epochs"));
		Gui.set(all, "epochs", "150"); // long enough for several plot redraws (LossPlot.REDRAW_MS) on a quiet machine
		Gui.set(all, "max_patches", "32");
		Gui.set(all, "finetune_iter", "3");
		gui.ok(all);
		long t0 = System.currentTimeMillis();
		List<String> seen = new ArrayList<>(); // "ms:points" whenever the plot's point count changes
		int last = -1;
		long end = -1;
		while (end < 0) {
			if (System.currentTimeMillis() - t0 > Gui.WAIT_MS) throw new IllegalStateException("training did not end; ImageJ log:\n" + IJ.getLog()
				+ "\nwindows: " + Gui.describeWindows());
			String log = IJ.getLog();
			boolean done = log != null && log.contains(TRAIN + ": ") && log.contains("; saved ");
			int n = plotPoints();
			if (n != last) {
				seen.add((System.currentTimeMillis() - t0) + ":" + n);
				last = n;
			}
			if (done) end = System.currentTimeMillis() - t0;
			else Gui.sleep(20);
		}
		Gui.sleep(300);
		out.setProperty("plot_observations", String.join(",", seen));
		out.setProperty("training_end_ms", String.valueOf(end));
		out.setProperty("plot_points_final", String.valueOf(plotPoints()));
		String line = Gui.awaitRecorded(TRAIN, 1);
		out.setProperty("recorded", line);
		Files.copy(Path.of(model), work.resolve("dialog-model.zip"), StandardCopyOption.REPLACE_EXISTING);
		IJ.runMacro(line);
		out.setProperty("replayed", "true");
	}

	/** Points in the loss plot window, -1 while there is none. */
	private static int plotPoints() {
		for (Frame f : Frame.getFrames())
			if (f instanceof PlotWindow pw && f.isShowing() && f.getTitle().startsWith(TRAIN + " loss:")) {
				ij.gui.Plot plot = pw.getPlot(); // null while the window is still being built
				float[] x = plot == null ? null : plot.getXValues();
				return x == null ? 0 : x.length;
			}
		return -1;
	}

	/** Three kinds of bad input through the dialogs; each message dialog's title and text are recorded. */
	private void bad(String image, String model) throws Exception {
		ImagePlus tex = open(image);
		failing("missing_model", MAP, gd -> Gui.set(gd, "model_file", new File(work.toFile(), "no such model.zip").getPath()));
		Gui.onEdt(() -> {
			IJ.createImage("small", "8-bit ramp", 4, 3, 1).show();
			return null;
		});
		ImagePlus small = Gui.awaitImage("small");
		failing("small_image", MAP, gd -> Gui.set(gd, "model_file", model));
		close(small);
		Gui.onEdt(() -> {
			WindowManager.setCurrentWindow(tex.getWindow());
			tex.deleteRoi();
			return null;
		});
		failing("no_selection", INPAINT, gd -> {
			Gui.set(gd, "model_file", model);
			Gui.set(gd, "sweeps", "1");
		});
	}

	interface Fill {
		void fill(GenericDialog gd) throws Exception;
	}

	/** Runs {@code command} through its dialog, then records the dialogs that appear within 2 s. */
	private void failing(String name, String command, Fill fill) throws Exception {
		IJ.doCommand(command);
		GenericDialog gd = Gui.awaitGenericDialog(command);
		fill.fill(gd);
		List<Dialog> before = Gui.dialogs();
		gui.ok(gd);
		Dialog msg = Gui.awaitDialog(command, before);
		Gui.sleep(2000);
		List<Dialog> now = Gui.dialogs();
		now.removeAll(before);
		out.setProperty(name + ".dialogs", String.valueOf(now.size()));
		out.setProperty(name + ".kind", msg.getClass().getSimpleName());
		out.setProperty(name + ".text", Gui.text(msg));
		for (Dialog d : now) gui.ok(d);
	}
}
