package org.ride.ij;

import ij.ImagePlus;
import ij.Macro;
import ij.plugin.frame.Recorder;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Typed parameters of one RIDE menu command, read the same way everywhere: from the macro options of
 * {@code run("RIDE …", "key=value …")} when there are any (Fiji GUI, batch macros, headless runs), else from
 * a {@code GenericDialog} when a display exists, else from the declared defaults.
 * <p>
 * Usage, declare then {@link #read()} then get:
 * <pre>
 * Options o = Options.of("RIDE Image Info").image("image").integer("bins", 64, 1, 4096, "histogram bins")
 *         .choice("method", "zscore", "normalisation", "zscore", "minmax", "none").flag("log_values", "log stats");
 * if (!o.read()) return;               // dialog cancelled
 * ImagePlus imp = o.getImage("image"); int bins = o.getInt("bins");
 * </pre>
 * Keys are the macro keys and the dialog labels (fiji-notes.md §2.3): lowercase snake_case, one word, unique,
 * and no key is a {@code _}- or digit-suffix of another ({@code Macro.getValue} would read {@code epochs}
 * from {@code num_epochs=5}). Macro options are checked strictly: unknown or upper-case keys, values that do
 * not parse, values out of range and missing required options throw an {@link IllegalArgumentException}
 * whose message names the command, the key, the value given and an example fix. After a dialog the values
 * are recorded with {@code Recorder.recordOption}, giving exactly the line {@link #toMacroString()} returns.
 * <p>
 * {@code GenericDialog} throws {@code HeadlessException} in a headless JVM even in macro mode, so it is only
 * built when there are no macro options and a display exists.
 */
public final class Options {

	/** How values are obtained. */
	enum Source { MACRO, DIALOG, DEFAULTS }

	private enum Kind { IMAGE, INT, NUMBER, CHOICE, STRING, PATH, FLAG }

	private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*");

	private static final class Opt {
		final Kind kind;
		final String key;
		final String help;
		Object def;
		double min = Double.NEGATIVE_INFINITY, max = Double.POSITIVE_INFINITY;
		String[] choices;
		boolean required, mustExist;
		Object value;

		Opt(Kind kind, String key, String help) {
			this.kind = kind;
			this.key = key;
			this.help = help;
		}
	}

	private final String command;
	private final String macroOptions;
	private final Source source;
	private final Map<String, Opt> opts = new LinkedHashMap<>();
	private Opt last;
	private boolean read;

	Options(String command, String macroOptions, Source source) {
		this.command = command;
		this.macroOptions = macroOptions;
		this.source = source;
	}

	/**
	 * Options for {@code command} in the current context: macro options of this thread if any
	 * ({@code Macro.getOptions()}), else a dialog if a display exists, else defaults.
	 */
	public static Options of(String command) {
		String mo = Macro.getOptions();
		if (mo != null) return new Options(command, mo, Source.MACRO);
		return new Options(command, null, GraphicsEnvironment.isHeadless() ? Source.DEFAULTS : Source.DIALOG);
	}

	/**
	 * Options read from an explicit macro-style text (e.g. the {@code settings} of a SciJava command), checked
	 * exactly like macro options.
	 */
	public static Options fromText(String command, String text) {
		return new Options(command, text == null ? "" : text, Source.MACRO);
	}

	/** The raw macro value of {@code key} in this context's macro options, or null (no macro, or absent). */
	public String peek(String key) {
		return source == Source.MACRO ? MacroOptions.parse(command, macroOptions).value(key) : null;
	}

	/** True when values come from macro options (no dialog will be shown). */
	public boolean isMacro() {
		return source == Source.MACRO;
	}

	/** An image chosen by title; absent means the current image. */
	public Options image(String key) {
		return add(new Opt(Kind.IMAGE, key, "image title (default: the current image)"));
	}

	/** An integer in [min, max]. */
	public Options integer(String key, int def, int min, int max, String help) {
		Opt o = new Opt(Kind.INT, key, help);
		o.def = def;
		o.min = min;
		o.max = max;
		return add(o);
	}

	/** A finite number in [min, max]. */
	public Options number(String key, double def, double min, double max, String help) {
		Opt o = new Opt(Kind.NUMBER, key, help);
		o.def = def;
		o.min = min;
		o.max = max;
		return add(o);
	}

	/** One of {@code choices} (matched case-insensitively, returned as declared). */
	public Options choice(String key, String def, String help, String... choices) {
		Opt o = new Opt(Kind.CHOICE, key, help);
		o.choices = choices.clone();
		if (!List.of(choices).contains(def))
			throw new IllegalStateException(key + ": default '" + def + "' is not one of its choices");
		o.def = def;
		return add(o);
	}

	/** Free text. */
	public Options string(String key, String def, String help) {
		Opt o = new Opt(Kind.STRING, key, help);
		o.def = def == null ? "" : def;
		return add(o);
	}

	/** A file or folder path; see {@link #mustExist()}. */
	public Options path(String key, String def, String help) {
		Opt o = new Opt(Kind.PATH, key, help);
		o.def = def == null ? "" : def;
		return add(o);
	}

	/** A checkbox: true iff the key is present in macro options. */
	public Options flag(String key, String help) {
		Opt o = new Opt(Kind.FLAG, key, help);
		o.def = Boolean.FALSE;
		return add(o);
	}

	/** Marks the last declared option as required (no default is used). */
	public Options required() {
		lastOpt().required = true;
		return this;
	}

	/** Marks the last declared {@link #path} option as having to name an existing file or folder. */
	public Options mustExist() {
		if (lastOpt().kind != Kind.PATH) throw new IllegalStateException("mustExist() applies to path options");
		last.mustExist = true;
		return this;
	}

	private Opt lastOpt() {
		if (last == null) throw new IllegalStateException("declare an option first");
		return last;
	}

	private Options add(Opt o) {
		if (read) throw new IllegalStateException("declare options before read()");
		checkKey(o.key, opts.keySet());
		opts.put(o.key, o);
		last = o;
		return this;
	}

	/**
	 * Enforces the key rules of fiji-notes.md §2.3. {@code Macro.getValue} finds a key anywhere it does not
	 * follow a letter, so {@code bins} would also match inside {@code num_bins=} or {@code x2bins=}.
	 */
	static void checkKey(String key, Iterable<String> others) {
		if (!KEY.matcher(key).matches())
			throw new IllegalStateException("option key '" + key + "' must be lowercase snake_case ([a-z][a-z0-9_]*)");
		for (String k : others) {
			if (k.equals(key)) throw new IllegalStateException("option key '" + key + "' declared twice");
			if (isNonLetterSuffix(key, k) || isNonLetterSuffix(k, key))
				throw new IllegalStateException("option keys '" + key + "' and '" + k
						+ "' clash: Macro.getValue would read one from the other; rename one");
		}
	}

	private static boolean isNonLetterSuffix(String longer, String shorter) {
		return longer.length() > shorter.length() && longer.endsWith(shorter)
				&& !Character.isLetter(longer.charAt(longer.length() - shorter.length() - 1));
	}

	/**
	 * Reads and validates all values.
	 *
	 * @return false if the user cancelled the dialog
	 * @throws IllegalArgumentException for unknown keys, unparsable or out-of-range values and missing
	 *                                  required options
	 */
	public boolean read() {
		if (read) throw new IllegalStateException("read() called twice");
		read = true;
		if (source == Source.DIALOG) {
			Map<String, String> raw = OptionsDialog.show(command, describe(), opts.values().stream()
					.map(o -> new OptionsDialog.Field(o.key, o.kind.name(), o.def, o.help, o.choices)).toList());
			if (raw == null) return false;
			for (Opt o : opts.values()) o.value = convert(o, raw.get(o.key), raw.containsKey(o.key));
			record();
			return true;
		}
		MacroOptions mo = MacroOptions.parse(command, source == Source.MACRO ? macroOptions : "");
		checkUnknown(mo);
		for (Opt o : opts.values()) o.value = convert(o, mo.value(o.key), mo.has(o.key));
		return true;
	}

	private void checkUnknown(MacroOptions mo) {
		for (String k : mo.asMap().keySet()) {
			if (opts.containsKey(k)) continue;
			String hint = opts.containsKey(k.toLowerCase(Locale.ROOT)) ? " (keys are lower-case: "
					+ k.toLowerCase(Locale.ROOT) + ")" : "";
			throw new IllegalArgumentException(command + ": unknown option '" + k + "'" + hint + "; valid options: "
					+ String.join(", ", opts.keySet()) + ". Example: run(\"" + command + "\", \"" + example() + "\")");
		}
	}

	/** Converts one raw value (null: absent or a bare flag) to the option's type, validating it. */
	private Object convert(Opt o, String raw, boolean present) {
		if (o.kind == Kind.FLAG) {
			if (raw != null) throw bad(o, raw, "is a checkbox: write just '" + o.key + "' to switch it on");
			return present;
		}
		boolean blankNumber = raw != null && raw.isBlank() && (o.kind == Kind.INT || o.kind == Kind.NUMBER
				|| o.kind == Kind.CHOICE); // NB: "epochs=" must not silently mean the default
		if (present && (raw == null || blankNumber)) throw new IllegalArgumentException(command + ": option '" + o.key
				+ "' is given without a value; write e.g. " + o.key + "=" + exampleValue(o) + " (" + o.help + ")");
		if (raw == null || raw.isEmpty() && o.kind != Kind.STRING) {
			if (o.required) throw new IllegalArgumentException(command + ": missing required option " + o.key
					+ " (" + o.help + "); e.g. run(\"" + command + "\", \"" + example() + "\")");
			if (o.kind == Kind.IMAGE) return Images.find(command, o.key, null);
			raw = String.valueOf(o.def);
			if (o.kind == Kind.PATH && raw.isEmpty()) return "";
		}
		return switch (o.kind) {
		case IMAGE -> Images.find(command, o.key, raw);
		case INT -> parseInt(o, raw);
		case NUMBER -> parseNumber(o, raw);
		case CHOICE -> parseChoice(o, raw);
		case PATH -> parsePath(o, raw);
		default -> raw;
		};
	}

	private Integer parseInt(Opt o, String raw) {
		double d = parseDouble(o, raw, "an integer");
		if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) throw bad(o, raw, "is not an integer");
		checkRange(o, raw, d);
		return (int) d;
	}

	private Double parseNumber(Opt o, String raw) {
		double d = parseDouble(o, raw, "a number");
		checkRange(o, raw, d);
		return d;
	}

	private double parseDouble(Opt o, String raw, String what) {
		try {
			double d = Double.parseDouble(raw.trim());
			if (Double.isFinite(d)) return d;
		} catch (NumberFormatException e) {
			// reported below with the option's context
		}
		throw bad(o, raw, "is not " + what);
	}

	private void checkRange(Opt o, String raw, double d) {
		if (d < o.min || d > o.max) throw bad(o, raw, "is out of range");
	}

	private String parseChoice(Opt o, String raw) {
		for (String c : o.choices) if (c.equalsIgnoreCase(raw.trim())) return c;
		throw bad(o, raw, "is not a valid choice");
	}

	private String parsePath(Opt o, String raw) {
		if (o.mustExist && !new File(raw).exists())
			throw bad(o, raw, "names no existing file or folder (working directory: "
					+ new File("").getAbsolutePath() + ")");
		return raw;
	}

	private IllegalArgumentException bad(Opt o, String raw, String problem) {
		return new IllegalArgumentException(command + ": option " + o.key + "=" + MacroOptions.quote(raw) + " "
				+ problem + "; expected " + expectation(o) + ", e.g. " + o.key + "=" + exampleValue(o));
	}

	private static String expectation(Opt o) {
		return switch (o.kind) {
		case INT -> "an integer in " + range(o);
		case NUMBER -> "a number in " + range(o);
		case CHOICE -> "one of " + String.join(", ", o.choices);
		case FLAG -> "no value";
		case IMAGE -> "the title of an open image";
		default -> o.help;
		};
	}

	private static String range(Opt o) {
		return "[" + fmt(o.min) + ", " + fmt(o.max) + "]";
	}

	private static String exampleValue(Opt o) {
		return switch (o.kind) {
		case IMAGE -> "[my image.tif]";
		case PATH -> "[/path/to/file]";
		case STRING -> MacroOptions.quote(String.valueOf(o.def).isEmpty() ? "text" : String.valueOf(o.def));
		default -> MacroOptions.quote(o.kind == Kind.NUMBER ? fmt((Double) o.def) : String.valueOf(o.def));
		};
	}

	/** An example options line with every option at its default (required ones with a placeholder). */
	public String example() {
		StringBuilder sb = new StringBuilder();
		for (Opt o : opts.values()) {
			if (o.kind == Kind.FLAG) continue;
			if (sb.length() > 0) sb.append(' ');
			sb.append(o.key).append('=').append(exampleValue(o));
		}
		return sb.toString();
	}

	/** Plain-text list of the options, for help texts and dialogs. */
	public String describe() {
		StringBuilder sb = new StringBuilder();
		for (Opt o : opts.values()) {
			sb.append(o.key).append(": ").append(o.help);
			if (o.kind == Kind.INT || o.kind == Kind.NUMBER) sb.append(" ").append(range(o));
			if (o.kind == Kind.CHOICE) sb.append(" (").append(String.join(", ", o.choices)).append(")");
			if (o.required) sb.append(" [required]");
			sb.append('\n');
		}
		return sb.toString();
	}

	/**
	 * The macro options line for the values read, e.g. {@code image=[a b] bins=64 log_values}: what the
	 * recorder writes and what {@link #read()} reads back to the same values.
	 */
	public String toMacroString() {
		requireRead();
		StringBuilder sb = new StringBuilder();
		for (Opt o : opts.values()) {
			String v = recordValue(o);
			if (v == null) continue;
			if (sb.length() > 0) sb.append(' ');
			sb.append(o.kind == Kind.FLAG ? o.key : o.key + "=" + MacroOptions.quote(v));
		}
		return sb.toString();
	}

	/** The value as text for recording; null when nothing is recorded (flag off, empty optional text). */
	private static String recordValue(Opt o) {
		return switch (o.kind) {
		case FLAG -> (Boolean) o.value ? "" : null;
		case IMAGE -> ((ImagePlus) o.value).getTitle();
		case NUMBER -> fmt((Double) o.value);
		case STRING, PATH -> ((String) o.value).isEmpty() ? null : (String) o.value;
		default -> String.valueOf(o.value);
		};
	}

	/** Sends the values to the macro recorder (only when it is recording: Fiji/ImageJ GUI). */
	private void record() {
		if (!Recorder.record) return;
		for (Opt o : opts.values()) {
			String v = recordValue(o);
			if (v == null) continue;
			if (o.kind == Kind.FLAG) Recorder.recordOption(o.key);
			else Recorder.recordOption(o.key, v);
		}
	}

	static String fmt(double d) {
		if (d == Double.POSITIVE_INFINITY) return "inf";
		if (d == Double.NEGATIVE_INFINITY) return "-inf";
		if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
		return Double.toString(d);
	}

	private void requireRead() {
		if (!read) throw new IllegalStateException("call read() first");
	}

	private Object get(String key, Kind kind) {
		requireRead();
		Opt o = opts.get(key);
		if (o == null || o.kind != kind) throw new IllegalStateException("no " + kind + " option '" + key + "'");
		return o.value;
	}

	public ImagePlus getImage(String key) {
		return (ImagePlus) get(key, Kind.IMAGE);
	}

	public int getInt(String key) {
		return (Integer) get(key, Kind.INT);
	}

	public double getNumber(String key) {
		return (Double) get(key, Kind.NUMBER);
	}

	public String getChoice(String key) {
		return (String) get(key, Kind.CHOICE);
	}

	public String getString(String key) {
		return (String) get(key, Kind.STRING);
	}

	/** The path as given (empty when optional and not given). */
	public String getPath(String key) {
		return (String) get(key, Kind.PATH);
	}

	public boolean getFlag(String key) {
		return (Boolean) get(key, Kind.FLAG);
	}

	/** Where the values came from. */
	Source source() {
		return source;
	}

	/** Declared keys, in order. */
	public List<String> keys() {
		return new ArrayList<>(opts.keySet());
	}
}
