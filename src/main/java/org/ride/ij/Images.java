package org.ride.ij;

import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;

import java.awt.GraphicsEnvironment;

import java.util.ArrayList;
import java.util.List;

/**
 * Finding the image a command works on: by title ({@code image=<title>}) or the current image.
 * <p>
 * {@code WindowManager} also sees images that a batch-mode macro created or selected (they are registered,
 * not displayed), so the same lookups work in Fiji, in batch macros and in {@code org.ride.cli.MacroRunner}.
 */
public final class Images {

	private Images() {}

	/** Titles of all open (or batch-mode registered) images, oldest first; empty when none. */
	public static List<String> titles() {
		List<String> out = new ArrayList<>();
		int[] ids = WindowManager.getIDList();
		if (ids == null) return out;
		for (int id : ids) {
			ImagePlus imp = WindowManager.getImage(id);
			if (imp != null) out.add(imp.getTitle());
		}
		return out;
	}

	/**
	 * The image titled {@code title}, or the current image when {@code title} is null or empty.
	 *
	 * @param command the command name, for error messages
	 * @throws IllegalArgumentException when no image is open, or none has that title (the message lists the
	 *                                  open titles)
	 */
	public static ImagePlus find(String command, String key, String title) {
		if (title == null || title.isEmpty()) {
			ImagePlus cur = WindowManager.getCurrentImage();
			if (cur == null) throw new IllegalArgumentException(command + " needs an image, but none is open; "
					+ "open or create one first, or pass " + key + "=[title]");
			return cur;
		}
		ImagePlus imp = WindowManager.getImage(title);
		if (imp != null) return imp;
		List<String> open = titles();
		throw new IllegalArgumentException(command + ": no image titled '" + title + "' is open ("
				+ (open.isEmpty() ? "no images are open" : "open images: " + String.join(", ", open))
				+ "); pass " + key + "=[exact title] or select the image first");
	}

	/**
	 * Shows a result image so that a macro can {@code selectImage} it. In batch mode (macros, the headless
	 * runner) {@code show()} only registers it; headless without batch mode {@code show()} would throw, so
	 * the image just becomes the current image.
	 */
	public static void show(ImagePlus imp) {
		if (GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode()) WindowManager.setTempCurrentImage(imp);
		else imp.show();
	}

	/** Shows the system Results table (macros read it with {@code getResult}); headless it stays in memory. */
	public static void showResults(ResultsTable rt) {
		if (!GraphicsEnvironment.isHeadless()) rt.show("Results");
	}
}
