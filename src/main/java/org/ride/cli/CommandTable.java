package org.ride.cli;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses ImageJ 1.x command declarations into ImageJ's command table (label → class, with an optional
 * {@code ("arg")} suffix that {@code ij.Executer} passes to the plugin's {@code run(arg)}).
 * <ul>
 * <li>{@code IJ_Props.txt} (inside ij.jar): {@code filters02="Gaussian Blur...",ij.plugin.filter.GaussianBlur}</li>
 * <li>{@code plugins.config} (fiji-notes.md §2.1): {@code Plugins>RIDE, "About RIDE", org.ride.ij.RideAbout_}
 * ({@code #} comments, lines shorter than 3 characters and {@code "-"} separators are skipped)</li>
 * </ul>
 * A keyboard shortcut in brackets at the end of a label ({@code "Image...[n]"}) is not part of the command
 * name, as in {@code ij.Menus}.
 */
final class CommandTable {

	private static final Pattern PROP = Pattern.compile("^[a-z_]+\\d+=\"([^\"]+)\",\\s*(\\S.*)$");
	private static final Pattern SHORTCUT = Pattern.compile("\\[[^\\[\\]]+\\]$");

	/**
	 * Commands that {@code ij.Menus} adds in code rather than from IJ_Props.txt (label, class pairs read from
	 * ij 1.54p); only those that make sense in a headless macro.
	 */
	private static final String[] HARD_CODED = {
			"Close", "ij.plugin.Commands(\"close\")", "Close All", "ij.plugin.Commands(\"close-all\")",
			"Revert", "ij.plugin.Commands(\"revert\")", "Clear", "ij.plugin.filter.Filler(\"clear\")",
			"Clear Outside", "ij.plugin.filter.Filler(\"outside\")", "Fill", "ij.plugin.filter.Filler(\"fill\")",
			"Draw", "ij.plugin.filter.Filler(\"draw\")", "Invert", "ij.plugin.filter.Filters(\"invert\")",
			"8-bit", "ij.plugin.Converter(\"8-bit\")", "16-bit", "ij.plugin.Converter(\"16-bit\")",
			"32-bit", "ij.plugin.Converter(\"32-bit\")", "RGB Color", "ij.plugin.Converter(\"RGB Color\")",
			"Crop", "ij.plugin.Resizer(\"crop\")", "Duplicate...", "ij.plugin.Duplicator",
			"Rename...", "ij.plugin.SimpleCommands(\"rename\")", "Scale...", "ij.plugin.Scaler",
			"Smooth", "ij.plugin.filter.Filters(\"smooth\")", "Sharpen", "ij.plugin.filter.Filters(\"sharpen\")",
			"Find Edges", "ij.plugin.filter.Filters(\"edge\")", "Enhance Contrast...", "ij.plugin.ContrastEnhancer",
			"Image Calculator...", "ij.plugin.ImageCalculator", "Measure", "ij.plugin.filter.Analyzer",
			"Clear Results", "ij.plugin.filter.Analyzer(\"clear\")", "Set Measurements...", "ij.plugin.filter.Analyzer(\"set\")",
	};

	private CommandTable() {}

	/** Adds the menu commands of an {@code IJ_Props.txt} text and the most useful hard-coded ones. */
	static void addBuiltIns(String props, Map<String, String> table) {
		for (String line : props.split("\\R")) {
			Matcher m = PROP.matcher(line.trim());
			if (!m.matches()) continue;
			String label = label(m.group(1));
			if (!label.equals("-")) table.putIfAbsent(label, m.group(2).trim());
		}
		for (int i = 0; i < HARD_CODED.length; i += 2) table.putIfAbsent(HARD_CODED[i], HARD_CODED[i + 1]);
	}

	/**
	 * Adds the commands of a {@code plugins.config} text; labels already present are left alone (ImageJ
	 * reports them as duplicates) and returned.
	 */
	static List<String> addPluginConfig(String config, Map<String, String> table) {
		List<String> duplicates = new ArrayList<>();
		for (String raw : config.split("\\R")) {
			String line = raw.trim();
			if (line.length() < 3 || line.startsWith("#")) continue;
			int q1 = line.indexOf('"');
			int q2 = q1 < 0 ? -1 : line.indexOf('"', q1 + 1);
			int comma = q2 < 0 ? -1 : line.indexOf(',', q2);
			if (comma < 0) continue;
			String label = label(line.substring(q1 + 1, q2));
			String cls = line.substring(comma + 1).trim();
			if (label.equals("-") || cls.isEmpty() || cls.equals("null")) continue;
			if (table.putIfAbsent(label, cls) != null) duplicates.add(label);
		}
		return duplicates;
	}

	private static String label(String s) {
		return SHORTCUT.matcher(s).replaceFirst("");
	}

	/**
	 * The jars ImageJ scans for plugins: names containing {@code _} in {@code pluginsDir} and its direct
	 * subfolders (fiji-notes.md §2.2), sorted for a stable order.
	 */
	static List<File> pluginJars(File pluginsDir) {
		List<File> out = new ArrayList<>();
		File[] top = pluginsDir.listFiles();
		if (top == null) return out;
		Arrays.sort(top);
		for (File f : top) {
			if (f.isDirectory()) {
				File[] sub = f.listFiles();
				if (sub == null) continue;
				Arrays.sort(sub);
				for (File g : sub) if (isPluginJar(g)) out.add(g);
			} else if (isPluginJar(f)) out.add(f);
		}
		return out;
	}

	private static boolean isPluginJar(File f) {
		String n = f.getName();
		return f.isFile() && n.contains("_") && (n.endsWith(".jar") || n.endsWith(".zip"));
	}
}
