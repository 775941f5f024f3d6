package org.ride.ij;

import ij.gui.GenericDialog;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.TextField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Vector;

/**
 * The interactive half of {@link Options}: one {@code GenericDialog} whose labels are the macro keys.
 * <p>
 * NB: values are read from the AWT components directly, never through {@code getNextNumber()} and friends,
 * because those also record label-derived options; {@link Options} records the validated values itself so
 * the recorder line and the macro parser can never disagree. Only called when a display exists.
 */
final class OptionsDialog {

	/** One declared option as the dialog needs it; {@code kind} is an {@code Options.Kind} name. */
	record Field(String key, String kind, Object def, String help, String[] choices) {}

	private OptionsDialog() {}

	/**
	 * Shows the dialog and returns key → raw text (a checked flag maps to null, an unchecked flag is absent),
	 * or null if cancelled.
	 */
	static Map<String, String> show(String command, String help, List<Field> fields) {
		GenericDialog gd = new GenericDialog(command);
		for (Field f : fields) add(gd, command, f);
		gd.addHelp("<html><pre>" + help.replace("&", "&amp;").replace("<", "&lt;") + "</pre></html>");
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		return collect(gd, fields);
	}

	private static void add(GenericDialog gd, String command, Field f) {
		switch (f.kind()) {
		case "IMAGE" -> {
			List<String> titles = Images.titles();
			if (titles.isEmpty()) throw new IllegalArgumentException(command + " needs an image, but none is open");
			String cur = Images.find(command, f.key(), null).getTitle();
			gd.addChoice(f.key(), titles.toArray(new String[0]), cur);
		}
		case "INT" -> gd.addNumericField(f.key(), ((Integer) f.def()).doubleValue(), 0, 8, f.help());
		case "NUMBER" -> gd.addNumericField(f.key(), (Double) f.def(), decimals((Double) f.def()), 8, f.help());
		case "CHOICE" -> gd.addChoice(f.key(), f.choices(), (String) f.def());
		case "PATH" -> gd.addFileField(f.key(), (String) f.def(), 30);
		case "FLAG" -> gd.addCheckbox(f.key(), (Boolean) f.def());
		default -> gd.addStringField(f.key(), (String) f.def(), 20);
		}
	}

	private static int decimals(double d) {
		return d == Math.rint(d) ? 1 : 4;
	}

	private static Map<String, String> collect(GenericDialog gd, List<Field> fields) {
		Vector<?> nums = gd.getNumericFields(), strs = gd.getStringFields(), choices = gd.getChoices(),
				boxes = gd.getCheckboxes();
		int n = 0, s = 0, c = 0, b = 0;
		Map<String, String> out = new LinkedHashMap<>();
		for (Field f : fields) {
			switch (f.kind()) {
			case "INT", "NUMBER" -> out.put(f.key(), ((TextField) nums.get(n++)).getText().trim());
			case "IMAGE", "CHOICE" -> out.put(f.key(), ((Choice) choices.get(c++)).getSelectedItem());
			case "FLAG" -> {
				if (((Checkbox) boxes.get(b++)).getState()) out.put(f.key(), null);
			}
			default -> out.put(f.key(), ((TextField) strs.get(s++)).getText());
			}
		}
		return out;
	}
}
