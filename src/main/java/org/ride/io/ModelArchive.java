package org.ride.io;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.ride.core.nd.NdInit;
import org.ride.core.nd.Shapes;
import org.ride.io.ModelFileException.Problem;

/**
 * The content of one RIDE model file, independent of the model classes (layout: {@code docs/model-format.md}):
 * <ul>
 * <li>JSON metadata (an object; {@code config}, {@code whitening}, {@code training}, … are filled by the model
 * code). The keys {@code format}, {@code format_version} and {@code manifest} are reserved for
 * {@link ModelArchives}, which writes and checks them;</li>
 * <li>named arrays in insertion order, FLOAT or DOUBLE, any rank ≥ 1, stored as {@code weights/<name>.npy};</li>
 * <li>small extra entries (raw bytes, e.g. a test image), stored under their own path in the zip.</li>
 * </ul>
 * Immutable: the constructor copies everything and the getters return copies. The metadata is
 * canonicalised by a JSON write/read round trip, so an archive read back from disk has metadata equal to
 * the one written (e.g. a {@code long} that fits an {@code int} becomes an int node, NaN becomes "NaN").
 * <p>
 * JSON types are those of the Jackson copy that ND4J ships shaded ({@code org.nd4j.shade.jackson}, artifact
 * {@code org.nd4j:jackson}): it is already on the classpath through nd4j-api, so the model file costs no
 * extra dependency and cannot clash with another Jackson version inside Fiji.
 * <p>
 * The typed getters ({@link #getInt}, …) take dotted paths such as {@code "config.num_hiddens"} and throw
 * {@link ModelFileException} naming the file and the field when it is missing or mistyped.
 */
public final class ModelArchive {

	/** Metadata keys owned by {@link ModelArchives}. */
	public static final Set<String> RESERVED_KEYS = Set.of("format", "format_version", "manifest");

	private static final Pattern ARRAY_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
	private static final Pattern EXTRA_NAME = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");

	private final ObjectNode metadata;
	private final Map<String, INDArray> arrays; // name → 'c'-order copy, FLOAT or DOUBLE
	private final Map<String, byte[]> extras;
	private final Path source;

	/** An in-memory archive (no source file). Arguments are copied; map order is kept. */
	public ModelArchive(ObjectNode metadata, Map<String, INDArray> arrays, Map<String, byte[]> extras) {
		this(metadata, arrays, extras, null);
	}

	ModelArchive(ObjectNode metadata, Map<String, INDArray> arrays, Map<String, byte[]> extras, Path source) {
		NdInit.ensure();
		for (String k : RESERVED_KEYS)
			if (metadata.has(k))
				throw new IllegalArgumentException("metadata field '" + k + "' is reserved: the model file writer sets it; remove it");
		this.metadata = ModelArchives.canonical(metadata);
		Map<String, INDArray> a = new LinkedHashMap<>();
		arrays.forEach((name, x) -> a.put(checkArray(name, x), x.dup('c')));
		Map<String, byte[]> e = new LinkedHashMap<>();
		extras.forEach((name, b) -> e.put(checkExtra(name), b.clone()));
		this.arrays = Collections.unmodifiableMap(a);
		this.extras = Collections.unmodifiableMap(e);
		this.source = source;
	}

	private static String checkArray(String name, INDArray x) {
		if (name == null || !ARRAY_NAME.matcher(name).matches())
			throw new IllegalArgumentException("array name '" + name + "' must be letters, digits, '_', '.' or '-'");
		if (x == null) throw new IllegalArgumentException("array '" + name + "' is null");
		DataType t = x.dataType();
		if (t != DataType.FLOAT && t != DataType.DOUBLE)
			throw new IllegalArgumentException("array '" + name + "' is " + t + "; only FLOAT and DOUBLE can be stored, cast it first");
		if (x.rank() == 0 || x.isEmpty())
			throw new IllegalArgumentException("array '" + name + "' is " + (x.isEmpty() ? "empty" : "a scalar")
				+ "; store scalars in the metadata and arrays with at least one element");
		return name;
	}

	private static String checkExtra(String name) {
		if (name == null || !EXTRA_NAME.matcher(name).matches() || name.contains("..") || name.equals(ModelArchives.MODEL_JSON)
			|| name.startsWith(ModelArchives.WEIGHTS_DIR))
			throw new IllegalArgumentException("extra entry name '" + name + "' must be a relative path of letters, digits, "
				+ "'_', '.', '-' and '/', not model.json and not under weights/");
		return name;
	}

	/** Collects metadata, arrays and extras in order; {@link #build()} copies them. */
	public static final class Builder {
		private final ObjectNode metadata = ModelArchives.JSON.createObjectNode();
		private final Map<String, INDArray> arrays = new LinkedHashMap<>();
		private final Map<String, byte[]> extras = new LinkedHashMap<>();

		/** The metadata object being built; fill it with {@code put}/{@code putObject}. */
		public ObjectNode metadata() {
			return metadata;
		}

		public Builder array(String name, INDArray a) {
			if (arrays.put(name, a) != null) throw new IllegalArgumentException("array '" + name + "' added twice");
			return this;
		}

		public Builder extra(String name, byte[] bytes) {
			if (extras.put(name, bytes) != null) throw new IllegalArgumentException("extra entry '" + name + "' added twice");
			return this;
		}

		public ModelArchive build() {
			return new ModelArchive(metadata, arrays, extras);
		}
	}

	public static Builder builder() {
		return new Builder();
	}

	/** A copy of the metadata (without the reserved keys). */
	public ObjectNode metadata() {
		return metadata.deepCopy();
	}

	/** Array names in stored order. */
	public Set<String> arrayNames() {
		return arrays.keySet();
	}

	public boolean hasArray(String name) {
		return arrays.containsKey(name);
	}

	/** A 'c'-order copy of the named array. */
	public INDArray array(String name) throws ModelFileException {
		INDArray a = arrays.get(name);
		if (a == null)
			throw new ModelFileException(Problem.MISSING_ENTRY, source, where() + " has no array '" + name
				+ "'; the file is damaged or was written for a different model");
		return a.dup('c');
	}

	/** Extra entry names in stored order. */
	public Set<String> extraNames() {
		return extras.keySet();
	}

	/** A copy of the named extra entry's bytes, or {@code null} if absent. */
	public byte[] extra(String name) {
		byte[] b = extras.get(name);
		return b == null ? null : b.clone();
	}

	/** The file this archive was read from, or {@code null} for an in-memory archive. */
	public Path source() {
		return source;
	}

	/**
	 * The named array, checked against the shape the model config implies ({@link Shapes#ANY} matches any
	 * extent). Throws {@link Problem#CONFIG_MISMATCH}, e.g. "array 'slstm0_W_g' is [64 x 140] but the model
	 * config needs [64 x 76]".
	 */
	public INDArray requireShape(String name, long... expected) throws ModelFileException {
		INDArray a = array(name);
		long[] s = a.shape();
		boolean ok = s.length == expected.length;
		for (int d = 0; ok && d < s.length; d++)
			ok = expected[d] == Shapes.ANY || expected[d] == s[d];
		if (!ok)
			throw new ModelFileException(Problem.CONFIG_MISMATCH, source, where() + ": array '" + name + "' is "
				+ Shapes.text(s) + " but the model config needs " + Shapes.text(expected)
				+ "; the file is damaged or its config was edited, use the file as RIDE wrote it");
		return a;
	}

	// ---- typed metadata getters (dotted paths) ----

	public boolean has(String path) {
		JsonNode n = metadata;
		for (String k : path.split("\\.")) {
			n = n.get(k);
			if (n == null) return false;
		}
		return !n.isNull();
	}

	/** A copy of the node at {@code path}; throws {@link Problem#MISSING_FIELD} if absent or null. */
	public JsonNode get(String path) throws ModelFileException {
		JsonNode n = metadata;
		for (String k : path.split("\\.")) {
			n = n.get(k);
			if (n == null || n.isNull())
				throw new ModelFileException(Problem.MISSING_FIELD, source, where() + " lacks the field '" + path
					+ "'; the file is damaged or not a RIDE model");
		}
		return n.deepCopy();
	}

	public int getInt(String path) throws ModelFileException {
		return asInt(get(path), path, where(), source);
	}

	public long getLong(String path) throws ModelFileException {
		return asLong(get(path), path, where(), source);
	}

	/** A number; the strings "NaN", "Infinity" and "-Infinity" (how JSON stores them) are accepted too. */
	public double getDouble(String path) throws ModelFileException {
		return asDouble(get(path), path, where(), source);
	}

	public boolean getBoolean(String path) throws ModelFileException {
		JsonNode n = get(path);
		if (!n.isBoolean()) throw mistyped(n, path, "true or false", where(), source);
		return n.booleanValue();
	}

	public String getString(String path) throws ModelFileException {
		JsonNode n = get(path);
		if (!n.isTextual()) throw mistyped(n, path, "a string", where(), source);
		return n.textValue();
	}

	public int[] getIntArray(String path) throws ModelFileException {
		JsonNode n = get(path);
		if (!n.isArray()) throw mistyped(n, path, "an array of integers", where(), source);
		int[] v = new int[n.size()];
		for (int i = 0; i < v.length; i++)
			v[i] = asInt(n.get(i), path + "[" + i + "]", where(), source);
		return v;
	}

	public double[] getDoubleArray(String path) throws ModelFileException {
		JsonNode n = get(path);
		if (!n.isArray()) throw mistyped(n, path, "an array of numbers", where(), source);
		double[] v = new double[n.size()];
		for (int i = 0; i < v.length; i++)
			v[i] = asDouble(n.get(i), path + "[" + i + "]", where(), source);
		return v;
	}

	private String where() {
		return source == null ? "model.json" : "model.json in " + source;
	}

	// ---- conversions shared with the reader's manifest checks ----

	static int asInt(JsonNode n, String path, String where, Path file) throws ModelFileException {
		if (!n.isIntegralNumber() || !n.canConvertToInt()) throw mistyped(n, path, "an integer", where, file);
		return n.intValue();
	}

	static long asLong(JsonNode n, String path, String where, Path file) throws ModelFileException {
		if (!n.isIntegralNumber() || !n.canConvertToLong()) throw mistyped(n, path, "an integer", where, file);
		return n.longValue();
	}

	static double asDouble(JsonNode n, String path, String where, Path file) throws ModelFileException {
		if (n.isNumber()) return n.doubleValue();
		if (n.isTextual())
			switch (n.textValue()) {
			case "NaN": return Double.NaN;
			case "Infinity": return Double.POSITIVE_INFINITY;
			case "-Infinity": return Double.NEGATIVE_INFINITY;
			default: break;
			}
		throw mistyped(n, path, "a number", where, file);
	}

	static long[] asLongArray(JsonNode n, String path, String where, Path file) throws ModelFileException {
		if (!n.isArray()) throw mistyped(n, path, "an array of integers", where, file);
		long[] v = new long[n.size()];
		for (int i = 0; i < v.length; i++)
			v[i] = asLong(n.get(i), path + "[" + i + "]", where, file);
		return v;
	}

	static ModelFileException mistyped(JsonNode n, String path, String want, String where, Path file) {
		String shown = n.toString();
		if (shown.length() > 60) shown = shown.substring(0, 57) + "...";
		return new ModelFileException(Problem.BAD_FIELD, file, where + " has '" + path + "' = " + shown + " but it must be "
			+ want + "; the file is damaged or was edited by hand");
	}

	@Override
	public String toString() {
		return "ModelArchive" + (source == null ? "" : "(" + source + ")") + " arrays=" + arrays.keySet() + " extras="
			+ extras.keySet();
	}
}
