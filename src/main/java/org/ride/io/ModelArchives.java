package org.ride.io;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.core.StreamReadFeature;
import org.nd4j.shade.jackson.core.util.DefaultIndenter;
import org.nd4j.shade.jackson.core.util.DefaultPrettyPrinter;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.ObjectWriter;
import org.nd4j.shade.jackson.databind.json.JsonMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.ride.core.nd.NdInit;
import org.ride.core.nd.Shapes;
import org.ride.io.ModelFileException.Problem;

/**
 * Writes and reads a {@link ModelArchive} as one zip ({@code docs/model-format.md}): {@code model.json} first
 * (pretty-printed UTF-8 with {@code format = "ride-model"}, {@code format_version} and a manifest giving every
 * array's file, shape, dtype, byte count and SHA-256), then {@code weights/<name>.npy} (NumPy, C order), then
 * the extra entries. Writing is atomic ({@link AtomicFiles}) and deterministic (fixed entry times), so the
 * same archive always gives the same bytes. Reading checks everything the writer promised and refuses a bad
 * file with a {@link ModelFileException} whose {@link ModelFileException#problem()} names the kind.
 */
public final class ModelArchives {

	public static final String FORMAT = "ride-model";
	/** The format this code writes. */
	public static final int FORMAT_VERSION = 1;
	/** The oldest format this code still reads. */
	public static final int MIN_FORMAT_VERSION = 1;

	static final String MODEL_JSON = "model.json";
	static final String WEIGHTS_DIR = "weights/";
	private static final long MAX_ENTRY = Integer.MAX_VALUE - 64; // a byte[] must hold it
	// NB: a fixed DOS time makes the zip a pure function of the archive; 'created' in model.json carries the date.
	private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);
	private static final String REFUSE = "; choose a .zip written by RIDE Train Model";
	private static final String DAMAGED = "; the file is damaged: use an intact copy or retrain the model";

	/** Configured once and never changed (thread-safe): duplicate keys and trailing garbage are errors. */
	static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
	private static final ObjectWriter PRETTY = JSON
		.writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

	/** Called after each zip entry is written; lets tests fail a write midway. */
	@FunctionalInterface
	interface EntryHook {
		void written(String entry) throws IOException;
	}

	private ModelArchives() {}

	public static void write(Path zip, ModelArchive a) throws IOException {
		write(zip, a, e -> {});
	}

	static void write(Path zip, ModelArchive a, EntryHook hook) throws IOException {
		// Serialise everything before touching the target: model.json needs every checksum.
		Map<String, byte[]> entries = new LinkedHashMap<>();
		ObjectNode root = JSON.createObjectNode();
		root.put("format", FORMAT);
		root.put("format_version", FORMAT_VERSION);
		root.setAll(a.metadata());
		ObjectNode manifest = root.putObject("manifest");
		ArrayNode arrays = manifest.putArray("arrays");
		for (String name : a.arrayNames()) {
			INDArray x = a.array(name);
			byte[] npy = Npy.write(x);
			String file = WEIGHTS_DIR + name + ".npy";
			ObjectNode item = arrays.addObject().put("name", name).put("file", file);
			ArrayNode shape = item.putArray("shape");
			for (long s : x.shape()) shape.add(s);
			item.put("dtype", x.dataType() == DataType.FLOAT ? "float32" : "float64").put("bytes", npy.length)
				.put("sha256", sha256(npy));
			entries.put(file, npy);
		}
		ArrayNode extras = manifest.putArray("extras");
		for (String name : a.extraNames()) {
			byte[] b = a.extra(name);
			extras.addObject().put("file", name).put("bytes", b.length).put("sha256", sha256(b));
			entries.put(name, b);
		}
		byte[] json = (PRETTY.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
		AtomicFiles.write(zip, out -> {
			try (ZipOutputStream z = new ZipOutputStream(new BufferedOutputStream(out, 1 << 16), StandardCharsets.UTF_8)) {
				putEntry(z, MODEL_JSON, json);
				hook.written(MODEL_JSON);
				for (Map.Entry<String, byte[]> e : entries.entrySet()) {
					putEntry(z, e.getKey(), e.getValue());
					hook.written(e.getKey());
				}
			}
		});
	}

	private static void putEntry(ZipOutputStream z, String name, byte[] bytes) throws IOException {
		ZipEntry e = new ZipEntry(name);
		e.setTimeLocal(ENTRY_TIME);
		z.putNextEntry(e);
		z.write(bytes);
		z.closeEntry();
	}

	/** Reads and fully validates a model file; see {@link Problem} for what is refused. */
	public static ModelArchive read(Path zip) throws IOException {
		NdInit.ensure();
		ZipFile zf = open(zip);
		try (zf) {
			Map<String, ZipEntry> entries = new LinkedHashMap<>();
			try {
				zf.stream().filter(e -> !e.isDirectory()).forEach(e -> entries.put(e.getName(), e));
			} catch (IllegalArgumentException e) { // NB: the JDK's answer to an entry name that is not UTF-8
				throw new ModelFileException(Problem.CORRUPT_ZIP, zip, zip + " is a damaged zip archive (an entry name is not "
					+ "valid UTF-8: " + e.getMessage() + ")" + DAMAGED, e);
			}
			ZipEntry mj = entries.get(MODEL_JSON);
			if (mj == null)
				throw new ModelFileException(Problem.MISSING_MODEL_JSON, zip, zip + " is not a RIDE model file (the zip has no "
					+ "model.json)" + REFUSE);
			ObjectNode root = parse(readEntry(zf, mj, zip), zip);
			checkFormat(root, zip);
			Manifest m = Manifest.parse(root, zip);
			Set<String> unlisted = new HashSet<>(entries.keySet());
			unlisted.remove(MODEL_JSON);
			unlisted.removeAll(m.files());
			if (!unlisted.isEmpty()) {
				String f = unlisted.stream().sorted().findFirst().get();
				throw new ModelFileException(Problem.UNLISTED_ENTRY, zip, zip + " holds " + (f.startsWith(WEIGHTS_DIR)
					? "an array" : "an entry") + " the manifest does not list (" + f + "); the file was altered after RIDE "
					+ "wrote it: use the file as written or retrain the model");
			}
			for (String f : m.files())
				if (!entries.containsKey(f))
					throw new ModelFileException(Problem.MISSING_ENTRY, zip, zip + " lacks " + f + ", which its manifest lists"
						+ DAMAGED);
			Map<String, INDArray> arrays = new LinkedHashMap<>();
			for (Manifest.Item it : m.arrays)
				arrays.put(it.name, readArray(it, checked(it, readEntry(zf, entries.get(it.file), zip), zip), zip));
			Map<String, byte[]> extras = new LinkedHashMap<>();
			for (Manifest.Item it : m.extras)
				extras.put(it.file, checked(it, readEntry(zf, entries.get(it.file), zip), zip));
			for (String k : ModelArchive.RESERVED_KEYS)
				root.remove(k);
			try {
				return new ModelArchive(root, arrays, extras, zip);
			} catch (IllegalArgumentException e) { // e.g. a listed name with characters RIDE never writes
				throw new ModelFileException(Problem.BAD_FIELD, zip, "model.json in " + zip + ": the manifest lists an "
					+ "entry RIDE cannot hold (" + e.getMessage() + "); the file is damaged or was edited by hand", e);
			}
		}
	}

	private static ZipFile open(Path zip) throws IOException {
		if (!Files.isRegularFile(zip))
			throw new ModelFileException(Problem.NOT_FOUND, zip, zip + " does not exist or is not a file" + REFUSE);
		byte[] head;
		try (InputStream in = Files.newInputStream(zip)) {
			head = in.readNBytes(4);
		}
		boolean pk = head.length == 4 && head[0] == 'P' && head[1] == 'K'
			&& (head[2] == 3 && head[3] == 4 || head[2] == 5 && head[3] == 6);
		if (!pk)
			throw new ModelFileException(Problem.NOT_A_ZIP, zip, zip + " is not a RIDE model file (not a zip archive)" + REFUSE);
		try {
			return new ZipFile(zip.toFile(), StandardCharsets.UTF_8);
		} catch (ZipException e) {
			// NB: a zip's table of contents (central directory) sits at its end; a cut-off copy loses it first.
			if (String.valueOf(e.getMessage()).contains("END header"))
				throw new ModelFileException(Problem.TRUNCATED, zip, zip + " is truncated: the end of the zip (its central "
					+ "directory) is missing, e.g. after an interrupted copy or download; copy the file again or retrain the "
					+ "model", e);
			throw new ModelFileException(Problem.CORRUPT_ZIP, zip, zip + " is a damaged zip archive (" + e.getMessage() + ")"
				+ DAMAGED, e);
		} catch (EOFException e) { // NB: found by the fuzzer: a damaged directory pointing past the end of the file
			throw new ModelFileException(Problem.CORRUPT_ZIP, zip, zip + " is a damaged zip archive (its directory points "
				+ "past the end of the file)" + DAMAGED, e);
		}
	}

	private static byte[] readEntry(ZipFile zf, ZipEntry e, Path zip) throws IOException {
		long size = e.getSize();
		if (size < 0 || size > MAX_ENTRY)
			throw new ModelFileException(Problem.CORRUPT_ZIP, zip, zip + ": entry " + e.getName() + " declares an impossible "
				+ "size (" + size + " bytes)" + DAMAGED);
		try (InputStream in = zf.getInputStream(e)) {
			byte[] b = in.readNBytes((int) size);
			if (b.length < size)
				throw truncated(zip, e, b.length, null);
			if (in.read() != -1)
				throw new ModelFileException(Problem.CORRUPT_ZIP, zip, zip + ": entry " + e.getName() + " is longer than "
					+ "its declared " + size + " bytes" + DAMAGED);
			CRC32 crc = new CRC32();
			crc.update(b);
			if (e.getCrc() != -1 && crc.getValue() != e.getCrc())
				throw new ModelFileException(Problem.CORRUPT_ZIP, zip, zip + ": entry " + e.getName() + " fails the zip's "
					+ "CRC check" + DAMAGED);
			return b;
		} catch (EOFException x) {
			throw truncated(zip, e, -1, x);
		} catch (ZipException x) {
			throw new ModelFileException(Problem.CORRUPT_ZIP, zip, zip + ": entry " + e.getName() + " cannot be "
				+ "decompressed (" + x.getMessage() + ")" + DAMAGED, x);
		}
	}

	private static ModelFileException truncated(Path zip, ZipEntry e, int got, Throwable cause) {
		return new ModelFileException(Problem.TRUNCATED, zip, zip + ": entry " + e.getName() + " is shorter than declared ("
			+ (got >= 0 ? got + " of " : "fewer than ") + e.getSize() + " bytes); copy the file again or retrain the model",
			cause);
	}

	private static ObjectNode parse(byte[] json, Path zip) throws ModelFileException {
		JsonNode n;
		try {
			n = JSON.readTree(json);
		} catch (IOException e) {
			String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() + " at " + location(j) : e.getMessage();
			throw new ModelFileException(Problem.BAD_JSON, zip, "model.json in " + zip + " is not valid JSON (" + why + ")"
				+ DAMAGED, e);
		}
		if (n == null || !n.isObject())
			throw new ModelFileException(Problem.BAD_JSON, zip, "model.json in " + zip + " is not a JSON object" + DAMAGED);
		return (ObjectNode) n;
	}

	private static String location(JsonProcessingException j) {
		return j.getLocation() == null ? "?" : "line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
	}

	private static void checkFormat(ObjectNode root, Path zip) throws ModelFileException {
		JsonNode f = root.get("format");
		if (f == null || !FORMAT.equals(f.textValue()))
			throw new ModelFileException(Problem.WRONG_FORMAT, zip, zip + " is not a RIDE model file (model.json has format "
				+ (f == null ? "missing" : f.toString()) + ", not \"" + FORMAT + "\")" + REFUSE);
		String where = "model.json in " + zip;
		JsonNode vn = root.get("format_version");
		if (vn == null)
			throw new ModelFileException(Problem.MISSING_FIELD, zip, where + " lacks the field 'format_version'; the file is "
				+ "damaged or not a RIDE model");
		int v = ModelArchive.asInt(vn, "format_version", where, zip);
		if (v > FORMAT_VERSION)
			throw new ModelFileException(Problem.FORMAT_TOO_NEW, zip, zip + " was written by a newer RIDE (format " + v
				+ "; this plugin reads formats " + MIN_FORMAT_VERSION + " to " + FORMAT_VERSION + "); update the plugin");
		if (v < MIN_FORMAT_VERSION)
			throw new ModelFileException(Problem.FORMAT_TOO_OLD, zip, zip + " was written by an older RIDE (format " + v
				+ ") that this plugin no longer reads (it reads formats " + MIN_FORMAT_VERSION + " to " + FORMAT_VERSION
				+ "); open it with the RIDE release that wrote it, or retrain the model");
	}

	/** Bytes of a listed entry, checked against the manifest's size and SHA-256. */
	private static byte[] checked(Manifest.Item it, byte[] b, Path zip) throws ModelFileException {
		if (b.length != it.bytes || !sha256(b).equals(it.sha256))
			throw new ModelFileException(Problem.CHECKSUM_MISMATCH, zip, zip + ": " + it.file + " does not match the "
				+ "checksum in its manifest (corrupted " + (it.name != null ? "weights" : "entry") + ")" + DAMAGED);
		return b;
	}

	private static INDArray readArray(Manifest.Item it, byte[] npy, Path zip) throws ModelFileException {
		INDArray a;
		try {
			a = Npy.read(npy, zip + ": " + it.file);
		} catch (IOException e) {
			throw new ModelFileException(Problem.BAD_ARRAY, zip, e.getMessage() + "; the file was not written by RIDE or is "
				+ "damaged, retrain the model", e);
		}
		if (!Arrays.equals(a.shape(), it.shape))
			throw new ModelFileException(Problem.SHAPE_MISMATCH, zip, zip + ": array '" + it.name + "' is "
				+ Shapes.text(a.shape()) + " but the manifest says " + Shapes.text(it.shape) + DAMAGED);
		if (a.dataType() != it.dtype)
			throw new ModelFileException(Problem.DTYPE_MISMATCH, zip, zip + ": array '" + it.name + "' is "
				+ dtypeName(a.dataType()) + " but the manifest says " + dtypeName(it.dtype) + DAMAGED);
		return a;
	}

	static String dtypeName(DataType t) {
		return t == DataType.FLOAT ? "float32" : t == DataType.DOUBLE ? "float64" : t.toString();
	}

	static String sha256(byte[] b) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("the JDK lacks SHA-256, which every Java SE must provide", e);
		}
	}

	/** A deep copy normalised by a JSON round trip, so in-memory and read-back metadata compare equal. */
	static ObjectNode canonical(ObjectNode n) {
		try {
			return (ObjectNode) JSON.readTree(JSON.writeValueAsBytes(n));
		} catch (IOException e) {
			throw new UncheckedIOException("metadata cannot be written as JSON: " + e.getMessage(), e);
		}
	}
}
