package org.ride.guitest;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Frame;
import java.awt.Menu;
import java.awt.MenuBar;
import java.awt.MenuItem;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.event.KeyEvent;
import java.io.File;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.OvalRoi;
import ij.gui.PlotWindow;

/**
 * Takes the README's screenshots of the plugin in a real ImageJ 1.x on an X display (run by
 * {@code scripts/screenshots.sh} under Xvfb): the Plugins › RIDE menu, both Train dialogs, training with the
 * loss plot and the Log, a log-likelihood map with its LUT and a calibration bar, a synthesized texture beside
 * its training image and an inpainting before/after. Everything is run as a user would: the menu opened with
 * the mouse and keys, the Train command through its dialogs; the later commands with their recorder lines.
 * <pre>java -Dplugins.dir=IJDIR -cp ij.jar:guiboot org.ride.guitest.Screenshots OUT_DIR IMAGE WORK_DIR</pre>
 */
public final class Screenshots {

	private final Gui gui;
	private final File out;

	private Screenshots(Gui gui, File out) {
		this.gui = gui;
		this.out = out;
	}

	public static void main(String[] args) {
		int code = 0;
		try {
			File out = new File(args[0]), work = new File(args[2]);
			out.mkdirs();
			work.mkdirs();
			Gui.debugDir = work;
			new Screenshots(Gui.start(false), out).run(args[1], new File(work, "grass model.zip").getPath());
			System.out.println("Screenshots: written to " + out);
		} catch (Throwable t) {
			t.printStackTrace();
			code = 1;
		}
		System.exit(code);
	}

	private void run(String image, String model) throws Exception {
		ImageJ ij = IJ.getInstance();
		move(ij, 0, 0);
		ImagePlus crop = openCrop(image);
		move(crop.getWindow(), 0, ij.getHeight() + 10);
		menu(ij);
		train(crop, model);
		String m = "model_file=[" + model + "]";
		IJ.run("RIDE Log-Likelihood Map", "image=crop " + m + " title=[crop loglik]");
		ImagePlus map = Gui.awaitImage("crop loglik");
		IJ.run(map, "Calibration Bar...", "location=[Separate Image] fill=White label=Black number=5 decimal=2 font=14 zoom=2 bold");
		ImagePlus bar = WindowManager.getCurrentImage();
		zoom(map, 3);
		side(map, bar);
		shot("gui-map.png", map.getWindow(), bar.getWindow());
		close(bar);
		close(map);

		IJ.run("RIDE Synthesize Texture", m + " width=128 height=128 seed=1 init_image=crop title=synthesized");
		ImagePlus tex = Gui.awaitImage("synthesized");
		zoom(tex, 3);
		zoom(crop, 3);
		side(crop, tex);
		shot("gui-texture.png", crop.getWindow(), tex.getWindow());
		close(tex);

		Gui.onEdt(() -> {
			crop.setRoi(new OvalRoi(44, 44, 40, 40));
			return null;
		});
		IJ.run("RIDE Inpaint ROI", "image=crop " + m + " sweeps=20 seed=1 title=inpainted");
		ImagePlus filled = Gui.awaitImage("inpainted");
		Gui.onEdt(() -> { // the filled region outlined, without the handles of an active selection
			filled.setOverlay(new ij.gui.Overlay(filled.getRoi()));
			filled.deleteRoi();
			return null;
		});
		zoom(filled, 3);
		side(crop, filled);
		shot("gui-inpaint.png", crop.getWindow(), filled.getWindow());
	}

	/** The 128×128 crop of the README's examples (the demo macro's), titled "crop". */
	private ImagePlus openCrop(String image) throws Exception {
		ImagePlus src = IJ.openImage(image);
		if (src == null) throw new IllegalStateException("cannot open " + image);
		src.setRoi(192, 192, 128, 128);
		ImagePlus crop = src.crop();
		crop.setTitle("crop");
		if (crop.getBitDepth() == 24) IJ.run(crop, "8-bit", "");
		Gui.onEdt(() -> {
			crop.show();
			return null;
		});
		Gui.awaitImage("crop");
		zoom(crop, 2);
		return crop;
	}

	/** Opens Plugins › RIDE with the mouse (menu bar) and the keyboard (down to RIDE, right into it). */
	private void menu(ImageJ ij) throws Exception {
		MenuBar bar = Menus.getMenuBar();
		Font f = bar.getFont() != null ? bar.getFont() : new Font(Font.DIALOG, Font.PLAIN, 12);
		@SuppressWarnings("deprecation")
		FontMetrics fm = Toolkit.getDefaultToolkit().getFontMetrics(f);
		int x = 3, plugins = -1;
		Menu pluginsMenu = null;
		for (int i = 0; i < bar.getMenuCount(); i++) {
			Menu mu = bar.getMenu(i);
			int w = 10 + fm.stringWidth(mu.getLabel()) + 10; // XMenuBarPeer: margins 10, spacing 2, left 3
			if (mu.getLabel().equals("Plugins")) {
				plugins = x + w / 2;
				pluginsMenu = mu;
				break;
			}
			x += w + 2;
		}
		if (pluginsMenu == null) throw new IllegalStateException("no Plugins menu");
		int downs = 0;
		for (int i = 0; i < pluginsMenu.getItemCount(); i++) {
			MenuItem it = pluginsMenu.getItem(i);
			if (it.getLabel().equals("RIDE")) break;
			if (!it.getLabel().equals("-") && it.isEnabled()) downs++;
		}
		Point p = Gui.onEdt(ij::getLocationOnScreen);
		gui.clickAt(p.x + plugins, p.y + 3 + (fm.getHeight() + 4) / 2);
		Gui.sleep(500);
		for (int i = 0; i < downs; i++) key(KeyEvent.VK_DOWN); // the first item is selected when the menu opens
		key(KeyEvent.VK_RIGHT);
		Gui.sleep(500);
		gui.capture(new Rectangle(p.x, p.y, Math.max(ij.getWidth(), 820), 340), new File(out, "gui-menu.png"));
		key(KeyEvent.VK_ESCAPE);
		key(KeyEvent.VK_ESCAPE);
		key(KeyEvent.VK_ESCAPE);
		Gui.sleep(300);
	}

	private void key(int code) {
		gui.key(code);
		Gui.sleep(150);
	}

	/** Train through both dialogs; a screenshot of each, and one of the loss plot and Log mid-training. */
	private void train(ImagePlus crop, String model) throws Exception {
		IJ.doCommand("RIDE Train Model");
		GenericDialog first = Gui.awaitGenericDialog("RIDE Train Model");
		Gui.set(first, "preset", "fast");
		Gui.set(first, "seed", "1");
		Gui.set(first, "model_file", model);
		gui.place(first);
		shot("gui-train-dialog.png", first);
		gui.ok(first);
		GenericDialog all = Gui.awaitGenericDialog("RIDE Train Model");
		gui.place(all);
		shot("gui-train-settings.png", all);
		gui.ok(all);
		ImageJ ij = IJ.getInstance();
		Gui.await("the loss plot", () -> plot() != null);
		Gui.await("the second training stage", () -> IJ.getLog() != null && IJ.getLog().contains("stage 2/"));
		Window log = WindowManager.getWindow("Log");
		move(log, 0, ij.getHeight() + 4);
		Gui.onEdt(() -> {
			log.setSize(640, 300);
			return null;
		});
		PlotWindow pw = plot();
		move(pw, 646, ij.getHeight() + 4);
		for (Frame f : Frame.getFrames())
			if (f.isShowing() && f != ij && f != log && f != pw) move(f, 1700, 0);
		Gui.sleep(1500);
		shot("gui-training.png", ij, log, pw);
		Gui.await("the end of training", () -> IJ.getLog().contains("; saved "));
		Gui.sleep(500);
		Gui.onEdt(() -> {
			pw.close();
			return null;
		});
		move(log, 700, 600);
	}

	private static PlotWindow plot() {
		for (Frame f : Frame.getFrames())
			if (f instanceof PlotWindow pw && f.isShowing() && f.getTitle().startsWith("RIDE Train Model loss")) return pw;
		return null;
	}

	private void shot(String name, Window... ws) throws Exception {
		Gui.sleep(400);
		gui.capture(Gui.bounds(ws), new File(out, name));
		System.out.println("Screenshots: " + name);
	}

	/** Moves a window (and makes AWT's idea of its place the X server's, see {@link Gui#place}). */
	private void move(Window w, int x, int y) throws Exception {
		Gui.onEdt(() -> {
			w.setLocation(x + 1, y);
			w.setLocation(x, y);
			w.toFront();
			return null;
		});
		gui.idle();
	}

	/** Zooms at the top left, where the window has room to grow. */
	private void zoom(ImagePlus imp, int factor) throws Exception {
		move(imp.getWindow(), 0, 0);
		IJ.run(imp, "Set... ", "zoom=" + 100 * factor);
		gui.idle();
	}

	/** Puts two windows side by side at the top left and every other window out of the picture. */
	private void side(ImagePlus a, ImagePlus b) throws Exception {
		for (Frame f : Frame.getFrames())
			if (f.isShowing() && f != a.getWindow() && f != b.getWindow()) move(f, 1700, 0);
		move(a.getWindow(), 0, 0);
		move(b.getWindow(), a.getWindow().getWidth() + 6, 0);
	}

	private static void close(ImagePlus imp) throws Exception {
		Gui.onEdt(() -> {
			imp.changes = false;
			imp.close();
			return null;
		});
	}
}
