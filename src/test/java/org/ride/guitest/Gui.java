package org.ride.guitest;

import java.awt.AWTException;
import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.EventQueue;
import java.awt.Label;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.InputEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.MultiLineLabel;
import ij.plugin.frame.Recorder;

/**
 * What a user does on a display, done by a program: ImageJ 1.x started with its menus, dialogs found on
 * screen, their fields set through their AWT components and their buttons clicked with {@link Robot}.
 * Only {@code ij.*} and AWT here: the RIDE plugin itself is loaded by ImageJ from {@code plugins/}.
 */
final class Gui {

	static final long WAIT_MS = 120_000;

	private final Robot robot;
	static File debugDir;
	private static int debugShots;

	private Gui() throws AWTException {
		robot = new Robot();
		robot.setAutoDelay(20);
	}

	/** Starts ImageJ (main window and menus from {@code plugins.dir}) and the macro recorder. */
	static Gui start(boolean recorder) throws Exception {
		EventQueue.invokeAndWait(() -> new ImageJ());
		await("ImageJ with the RIDE menu", () -> IJ.getInstance() != null && Menus.getCommands() != null
				&& Menus.getCommands().get("RIDE Train Model") != null);
		if (recorder) EventQueue.invokeAndWait(() -> new Recorder());
		Gui g = new Gui();
		g.idle();
		return g;
	}

	/** Waits for {@code cond}, failing after {@link #WAIT_MS} with {@code what}. */
	static void await(String what, BooleanSupplier cond) {
		long end = System.currentTimeMillis() + WAIT_MS;
		while (!cond.getAsBoolean()) {
			if (System.currentTimeMillis() > end) throw new IllegalStateException("timed out waiting for " + what);
			sleep(25);
		}
	}

	static void sleep(long ms) {
		try {
			Thread.sleep(ms);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** Lets the event queue drain (repaints, layout). */
	void idle() {
		robot.waitForIdle();
		sleep(150);
	}

	static <T> T onEdt(Callable<T> c) throws Exception {
		AtomicReference<T> r = new AtomicReference<>();
		AtomicReference<Exception> e = new AtomicReference<>();
		EventQueue.invokeAndWait(() -> {
			try {
				r.set(c.call());
			} catch (Exception x) {
				e.set(x);
			}
		});
		if (e.get() != null) throw e.get();
		return r.get();
	}

	/** Visible dialogs, oldest first. */
	static List<Dialog> dialogs() {
		List<Dialog> out = new ArrayList<>();
		for (Window w : Window.getWindows()) if (w instanceof Dialog d && d.isShowing()) out.add(d);
		return out;
	}

	/** Waits for a visible dialog titled {@code title} that is not in {@code except}. */
	static Dialog awaitDialog(String title, List<Dialog> except) {
		AtomicReference<Dialog> found = new AtomicReference<>();
		await("a dialog titled '" + title + "'", () -> {
			for (Dialog d : dialogs())
				if (title.equals(d.getTitle()) && !except.contains(d) && d.getWidth() > 0) {
					found.set(d);
					return true;
				}
			return false;
		});
		return found.get();
	}

	static GenericDialog awaitGenericDialog(String title) {
		AtomicReference<Dialog> d = new AtomicReference<>();
		await("a GenericDialog titled '" + title + "'", () -> {
			for (Dialog x : dialogs()) if (x instanceof GenericDialog && title.equals(x.getTitle())) {
				d.set(x);
				return true;
			}
			return false;
		});
		return (GenericDialog) d.get();
	}

	/**
	 * The input component of {@code key} in a GenericDialog: the component after the label {@code key} (a
	 * text field, also inside a file field's panel, or a choice), or the checkbox labelled {@code key}.
	 */
	static Component field(Container dialog, String key) {
		String shown = key.replace('_', ' '); // GenericDialog shows a label's underscores as spaces
		List<Component> all = new ArrayList<>();
		flatten(dialog, all);
		for (int i = 0; i < all.size(); i++) {
			Component c = all.get(i);
			if (c instanceof Checkbox b && (key.equals(b.getLabel()) || shown.equals(b.getLabel()))) return b;
			if (c instanceof Label l && (key.equals(l.getText().trim()) || shown.equals(l.getText().trim()))) {
				for (int j = i + 1; j < all.size(); j++)
					if (all.get(j) instanceof TextField || all.get(j) instanceof Choice) return all.get(j);
			}
		}
		StringBuilder seen = new StringBuilder();
		for (Component c : all) seen.append("\n  ").append(c.getClass().getSimpleName()).append(c instanceof Label l
				? " '" + l.getText() + "'" : c instanceof TextField t ? " '" + t.getText() + "'" : "");
		throw new IllegalStateException("the dialog '" + title(dialog) + "' has no field '" + key + "'; it has:" + seen);
	}

	private static String title(Container c) {
		return c instanceof Dialog d ? d.getTitle() : c.getName();
	}

	private static void flatten(Container c, List<Component> out) {
		for (Component x : c.getComponents()) {
			out.add(x);
			if (x instanceof Container k) flatten(k, out);
		}
	}

	/** Types {@code value} into the field of {@code key} (text: replaced, choice: selected, checkbox: "true"/"false"). */
	static void set(Container dialog, String key, String value) throws Exception {
		Component c = field(dialog, key);
		onEdt(() -> {
			if (c instanceof TextField t) t.setText(value);
			else if (c instanceof Choice ch) {
				ch.select(value);
				if (!value.equals(ch.getSelectedItem()))
					throw new IllegalStateException("'" + key + "' has no choice '" + value + "'");
			} else ((Checkbox) c).setState(Boolean.parseBoolean(value));
			return null;
		});
	}

	/** The text of field {@code key}. */
	static String get(Container dialog, String key) throws Exception {
		Component c = field(dialog, key);
		return onEdt(() -> c instanceof TextField t ? t.getText()
				: c instanceof Choice ch ? ch.getSelectedItem() : String.valueOf(((Checkbox) c).getState()));
	}

	/** Clicks the button labelled {@code label} with the mouse. */
	void click(Container dialog, String label) throws Exception {
		click(button(dialog, label));
	}

	/** Clicks the centre of {@code c} with the left mouse button. */
	void click(Component c) throws Exception {
		idle();
		Point p = onEdt(c::getLocationOnScreen);
		// NB: a window mapped under a resting pointer gets no enter event, and AWT then ignores the press
		robot.mouseMove(p.x - 20, p.y - 20);
		robot.mouseMove(p.x + c.getWidth() / 2, p.y + c.getHeight() / 2);
		robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
		robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
	}

	void clickAt(int x, int y) {
		robot.mouseMove(x, y);
		robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
		robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
	}

	void key(int keyCode) {
		robot.keyPress(keyCode);
		robot.keyRelease(keyCode);
	}

	void moveTo(int x, int y) {
		robot.mouseMove(x, y);
	}

	/** Clicks OK and waits until the dialog is gone. */
	void ok(Dialog d) throws Exception {
		place(d);
		for (int attempt = 1; attempt <= 3; attempt++) {
			click(d, "OK");
			long end = System.currentTimeMillis() + 2000;
			while (d.isShowing() && System.currentTimeMillis() < end) sleep(25);
			if (!d.isShowing()) return;
			System.err.println("Gui: OK of '" + d.getTitle() + "' not taken by mouse click " + attempt);
			place(d);
		}
		// last resort: the button's own AWT action event (what a click on it fires)
		Button ok = button(d, "OK");
		onEdt(() -> {
			for (java.awt.event.ActionListener l : ok.getActionListeners())
				l.actionPerformed(new java.awt.event.ActionEvent(ok, java.awt.event.ActionEvent.ACTION_PERFORMED,
						ok.getActionCommand()));
			return null;
		});
		await("'" + d.getTitle() + "' to close", () -> !d.isShowing());
	}

	/**
	 * Moves {@code d} to the centre of the screen (where ImageJ puts dialogs). NB: with no window manager
	 * (Xvfb) AWT sometimes keeps a dialog's location as (0, 0) although X shows it centred, and mouse clicks
	 * computed from it miss; setting the location makes both agree.
	 */
	void place(Dialog d) throws Exception {
		onEdt(() -> {
			java.awt.Dimension screen = java.awt.Toolkit.getDefaultToolkit().getScreenSize();
			int x = Math.max(0, (screen.width - d.getWidth()) / 2), y = Math.max(0, (screen.height - d.getHeight()) / 3);
			d.setLocation(x + 1, y);
			d.setLocation(x, y);
			return null;
		});
		idle();
	}

	private static Button button(Container dialog, String label) {
		List<Component> all = new ArrayList<>();
		flatten(dialog, all);
		for (Component c : all) if (c instanceof Button b && label.equals(b.getLabel().trim())) return b;
		throw new IllegalStateException("no button '" + label + "' in '" + title(dialog) + "'");
	}

	/** Every showing window's title, and a dialog's text: what a failing GUI test saw on the screen. */
	static String describeWindows() {
		StringBuilder sb = new StringBuilder();
		for (java.awt.Window w : java.awt.Window.getWindows())
			if (w.isShowing()) sb.append("\n  ").append(w instanceof Dialog d ? "dialog '" + d.getTitle() + "': " + text(d)
					: w instanceof java.awt.Frame f ? "frame '" + f.getTitle() + "'" : w.getClass().getSimpleName());
		return sb.toString();
	}

	/** The text a message dialog shows (its MultiLineLabel, labels and text areas). */
	static String text(Dialog d) {
		StringBuilder sb = new StringBuilder();
		List<Component> all = new ArrayList<>();
		flatten(d, all);
		for (Component c : all) {
			if (c instanceof MultiLineLabel m) sb.append(String.join("\n", lines(m))).append('\n');
			else if (c instanceof Label l) sb.append(l.getText()).append('\n');
			else if (c instanceof java.awt.TextComponent t) sb.append(t.getText()).append('\n');
		}
		return sb.toString().trim();
	}

	/** NB: ij 1.54p's MultiLineLabel has no getter for its text. */
	private static String[] lines(MultiLineLabel m) {
		try {
			Field f = MultiLineLabel.class.getDeclaredField("lines");
			f.setAccessible(true);
			String[] l = (String[]) f.get(m);
			return l == null ? new String[0] : l;
		} catch (ReflectiveOperationException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The recorder's text so far. */
	static String recorded() throws Exception {
		return onEdt(() -> Recorder.getInstance() == null ? "" : Recorder.getInstance().getText());
	}

	/** Waits for the recorder line of {@code command} number {@code n} (1-based) and returns it. */
	static String awaitRecorded(String command, int n) throws Exception {
		String prefix = "run(\"" + command + "\"";
		await("recorder line " + n + " of " + command, () -> {
			try {
				return count(recorded(), prefix) >= n;
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		});
		int seen = 0;
		for (String line : recorded().split("\n"))
			if (line.startsWith(prefix) && ++seen == n) return line.trim();
		throw new IllegalStateException("unreachable");
	}

	private static int count(String text, String prefix) {
		int n = 0;
		for (String line : text.split("\n")) if (line.startsWith(prefix)) n++;
		return n;
	}

	/** Waits for an open image titled {@code title}. */
	static ImagePlus awaitImage(String title) {
		await("an image titled '" + title + "'", () -> WindowManager.getImage(title) != null
				&& WindowManager.getImage(title).getWindow() != null && WindowManager.getImage(title).getWindow().isShowing());
		return WindowManager.getImage(title);
	}

	/** A screenshot of {@code area} (screen coordinates) as a PNG. */
	void capture(Rectangle area, File png) throws IOException {
		idle();
		BufferedImage img = robot.createScreenCapture(area);
		ImageIO.write(img, "png", png);
	}

	/** The smallest rectangle holding every given window. */
	static Rectangle bounds(Window... ws) {
		Rectangle r = null;
		for (Window w : ws) {
			Rectangle b = w.getBounds();
			r = r == null ? b : r.union(b);
		}
		return r;
	}
}
