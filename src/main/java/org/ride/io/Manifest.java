package org.ride.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.ride.io.ModelFileException.Problem;

/**
 * The {@code manifest} object of {@code model.json} as the reader checks it: {@code arrays} is a list of
 * {@code {name, file, shape, dtype, bytes, sha256}}, {@code extras} a list of {@code {file, bytes, sha256}}.
 */
final class Manifest {

	private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

	/** One listed entry; {@code name}, {@code shape} and {@code dtype} are null for extras. */
	static final class Item {
		String name;
		String file;
		long[] shape;
		DataType dtype;
		long bytes;
		String sha256;
	}

	final List<Item> arrays = new ArrayList<>();
	final List<Item> extras = new ArrayList<>();

	private Manifest() {}

	/** Every listed file, arrays first. */
	Set<String> files() {
		Set<String> s = new LinkedHashSet<>();
		arrays.forEach(i -> s.add(i.file));
		extras.forEach(i -> s.add(i.file));
		return s;
	}

	static Manifest parse(JsonNode root, Path zip) throws ModelFileException {
		String where = "model.json in " + zip;
		Manifest m = new Manifest();
		Set<String> seen = new LinkedHashSet<>();
		JsonNode arrays = field(field(root, "manifest", "manifest", zip), "arrays", "manifest.arrays", zip);
		JsonNode extras = field(root.get("manifest"), "extras", "manifest.extras", zip);
		if (!arrays.isArray()) throw ModelArchive.mistyped(arrays, "manifest.arrays", "a list", where, zip);
		if (!extras.isArray()) throw ModelArchive.mistyped(extras, "manifest.extras", "a list", where, zip);
		for (int i = 0; i < arrays.size(); i++) {
			String p = "manifest.arrays[" + i + "]";
			Item it = common(arrays.get(i), p, where, zip);
			it.name = text(arrays.get(i), "name", p, where, zip);
			if (!it.file.equals(ModelArchives.WEIGHTS_DIR + it.name + ".npy"))
				throw bad(p + ".file is '" + it.file + "' but must be '" + ModelArchives.WEIGHTS_DIR + it.name + ".npy'", where, zip);
			it.shape = ModelArchive.asLongArray(field(arrays.get(i), "shape", p + ".shape", zip), p + ".shape", where, zip);
			String dt = text(arrays.get(i), "dtype", p, where, zip);
			it.dtype = dt.equals("float32") ? DataType.FLOAT : dt.equals("float64") ? DataType.DOUBLE : null;
			if (it.dtype == null) throw bad(p + ".dtype is '" + dt + "' but must be 'float32' or 'float64'", where, zip);
			m.arrays.add(add(it, seen, where, zip));
		}
		for (int i = 0; i < extras.size(); i++)
			m.extras.add(add(common(extras.get(i), "manifest.extras[" + i + "]", where, zip), seen, where, zip));
		return m;
	}

	private static Item common(JsonNode n, String p, String where, Path zip) throws ModelFileException {
		if (!n.isObject()) throw ModelArchive.mistyped(n, p, "an object", where, zip);
		Item it = new Item();
		it.file = text(n, "file", p, where, zip);
		it.bytes = ModelArchive.asLong(field(n, "bytes", p + ".bytes", zip), p + ".bytes", where, zip);
		it.sha256 = text(n, "sha256", p, where, zip);
		if (!HEX64.matcher(it.sha256).matches())
			throw bad(p + ".sha256 is '" + it.sha256 + "', not 64 lower-case hex digits", where, zip);
		return it;
	}

	private static Item add(Item it, Set<String> seen, String where, Path zip) throws ModelFileException {
		if (it.file.equals(ModelArchives.MODEL_JSON) || !seen.add(it.file))
			throw bad("the manifest lists " + it.file + " twice (or lists model.json)", where, zip);
		return it;
	}

	private static String text(JsonNode n, String key, String p, String where, Path zip) throws ModelFileException {
		JsonNode v = field(n, key, p + "." + key, zip);
		if (!v.isTextual()) throw ModelArchive.mistyped(v, p + "." + key, "a string", where, zip);
		return v.textValue();
	}

	private static JsonNode field(JsonNode n, String key, String path, Path zip) throws ModelFileException {
		JsonNode v = n == null ? null : n.get(key);
		if (v == null || v.isNull())
			throw new ModelFileException(Problem.MISSING_FIELD, zip, "model.json in " + zip + " lacks the field '" + path
				+ "'; the file is damaged or not a RIDE model");
		return v;
	}

	private static ModelFileException bad(String what, String where, Path zip) {
		return new ModelFileException(Problem.BAD_FIELD, zip, where + ": " + what + "; the file is damaged or was edited by hand");
	}
}
