package org.ride.ij;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ImageJ 1.x macro options string split into its tokens, e.g.
 * {@code "image=[my stack] bins=64 log_values"} → {@code {image: "my stack", bins: "64", log_values: null}}.
 * <p>
 * The quoting rules are those of {@code ij.Macro.getValue} (fiji-notes.md §2.3): a value is bare (up to the
 * next space), {@code [bracketed]} (brackets nest, spaces allowed) or {@code 'single-quoted'}; a key without
 * {@code =} is a checkbox flag that is true because it is present. Unlike {@code Macro.getValue}, which
 * matches a key anywhere it is not preceded by a letter (so {@code epochs} also finds {@code num_epochs=}),
 * this parser yields whole keys, so {@link Options} can reject misspelt and unknown keys instead of
 * silently using a default.
 */
final class MacroOptions {

	private final Map<String, String> values;

	private MacroOptions(Map<String, String> values) {
		this.values = values;
	}

	/**
	 * @param command the command name, only for error messages
	 * @param options the options string; null or blank gives no tokens
	 * @throws IllegalArgumentException for an unterminated {@code [} or {@code '}, an empty key or a key
	 *                                  given twice
	 */
	static MacroOptions parse(String command, String options) {
		Map<String, String> out = new LinkedHashMap<>();
		String s = options == null ? "" : options;
		int i = 0;
		int n = s.length();
		while (i < n) {
			if (Character.isWhitespace(s.charAt(i))) {
				i++;
				continue;
			}
			int start = i;
			while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) i++;
			String key = s.substring(start, i);
			String value = null;
			if (i < n && s.charAt(i) == '=') {
				if (key.isEmpty()) throw new IllegalArgumentException(command + ": option text '"
						+ s.trim() + "' has '=' without a key at position " + i);
				int end = valueEnd(command, s, i + 1, key);
				value = unquote(s.substring(i + 1, end));
				i = end;
			}
			if (out.containsKey(key)) throw new IllegalArgumentException(command + ": option '" + key
					+ "' is given twice in '" + s.trim() + "'; give each option once");
			out.put(key, value);
		}
		return new MacroOptions(out);
	}

	/** Index just past the value starting at {@code from}. */
	private static int valueEnd(String command, String s, int from, String key) {
		int n = s.length();
		if (from >= n) return from;
		char c = s.charAt(from);
		if (c == '\'') {
			int close = s.indexOf('\'', from + 1);
			if (close < 0) throw unterminated(command, key, "'");
			return close + 1;
		}
		if (c == '[') {
			int depth = 0;
			for (int j = from; j < n; j++) {
				char d = s.charAt(j);
				if (d == '[') depth++;
				else if (d == ']' && --depth == 0) return j + 1;
			}
			throw unterminated(command, key, "]");
		}
		int j = from;
		while (j < n && !Character.isWhitespace(s.charAt(j))) j++;
		return j;
	}

	private static IllegalArgumentException unterminated(String command, String key, String missing) {
		return new IllegalArgumentException(command + ": the value of option '" + key + "' has no closing "
				+ missing + "; write e.g. " + key + "=[a value with spaces]");
	}

	private static String unquote(String v) {
		if (v.length() >= 2 && (v.charAt(0) == '[' && v.endsWith("]") || v.charAt(0) == '\'' && v.endsWith("'")))
			return v.substring(1, v.length() - 1);
		return v;
	}

	/** Keys in the order given; a flag maps to null. */
	Map<String, String> asMap() {
		return Collections.unmodifiableMap(values);
	}

	boolean has(String key) {
		return values.containsKey(key);
	}

	/** The value of {@code key=value}, or null when absent or given as a bare flag. */
	String value(String key) {
		return values.get(key);
	}

	/**
	 * Quotes a value the way {@code ij.plugin.frame.Recorder} does: brackets when it is empty or contains a
	 * space, so that {@link #parse} (and {@code Macro.getValue}) read it back unchanged.
	 */
	static String quote(String value) {
		if (value.isEmpty() || value.indexOf(' ') >= 0 || value.indexOf('\t') >= 0) return "[" + value + "]";
		return value;
	}
}
