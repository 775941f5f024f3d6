package org.ride.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.JsonNodeFactory;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.nd.NdInit;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.slstm.Nonlinearity;
import org.ride.core.train.RideTrainer;
import org.ride.core.train.TrainConfig;
import org.ride.core.train.TrainImage;
import org.ride.core.train.TrainResult;

/**
 * Damages real model files in many ways and loads each with the real reader ({@link RideModelFile#read}: every
 * check plus the self-test) under a time limit. The only acceptable outcomes are a {@link ModelFileException}
 * (refused, by {@link ModelFileException.Problem}) or a trained model that passed its self-test; anything else
 * (another exception, a hang, running out of memory, an untrained model where a trained one was damaged) is a
 * bug in {@code org.ride.io}. Mutations are a pure function of the seed, so a failing case can be replayed.
 * <p>
 * The zip is rebuilt by this class (not by the code under test) for every mutation inside an entry, so those
 * reach the checks behind the zip layer: JSON edits, {@code .npy} headers with other shapes and dtypes, NaN or
 * huge weights and swapped arrays come with a recomputed manifest checksum (and sometimes a manifest that
 * agrees with the new header), as a careless tool or a hand edit would produce.
 */
public final class ModelFileFuzzer {

	/** What a mutation damages. */
	public enum Kind { BYTE_FLIP, TRUNCATE, JSON_VALUE, JSON_REMOVE, NUMBERS, NPY_HEADER, SWAP, ENTRIES }

	/** How one load ended; only the first two are acceptable. */
	public enum Outcome { REFUSED, LOADED_SELF_TEST_PASSED, LOADED_UNTRAINED, OTHER_EXCEPTION, HANG, OUT_OF_MEMORY }

	/** One mutation's result. */
	/**
	 * One mutation's result; {@code shift} is, for a loaded model, |Δ| of its mean log-likelihood (bits/px) on an
	 * independent test image against the intact model (NaN otherwise): how different a model that passed its
	 * self-test really is.
	 */
	public record Case(int index, Kind kind, String base, String what, Outcome outcome, String detail, double shift) {
		public boolean good() {
			return outcome == Outcome.REFUSED || outcome == Outcome.LOADED_SELF_TEST_PASSED;
		}
	}

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
	private static final byte[] NPY_MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };

	private final Map<String, byte[]> bases;
	private final Map<String, Double> baseBits = new LinkedHashMap<>();
	private final Path dir;
	private final long timeoutMs;
	private ExecutorService loader = newLoader();

	/** @param bases name → bytes of an intact, trained model file */
	public ModelFileFuzzer(Map<String, byte[]> bases, Path dir, long timeoutMs) {
		this.bases = new LinkedHashMap<>(bases);
		this.dir = dir;
		this.timeoutMs = timeoutMs;
	}

	private static ExecutorService newLoader() {
		return Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "fuzz-loader");
			t.setDaemon(true);
			return t;
		});
	}

	// ---- real model files to damage ----

	/**
	 * Three real model files written by {@link RideModelFile#write} after real (short) training runs: RIDE 1/6,
	 * an extended RIDE 2/4 and the MCGSM baseline (0 layers), each trained with {@link RideTrainer} on a
	 * deterministic texture.
	 */
	public static Map<String, byte[]> realModels(Path dir) throws IOException {
		NdInit.ensure();
		Map<String, byte[]> m = new LinkedHashMap<>();
		m.put("ride-1-6", train(dir, "ride-1-6", RideConfig.tiny()));
		m.put("ride-2-4-ext", train(dir, "ride-2-4-ext", new RideConfig(1, 3, 4, 2, 2, 2, 3, true, Nonlinearity.TANH)));
		m.put("mcgsm", train(dir, "mcgsm", new RideConfig(1, 3, 4, 0, 2, 2, 3, false, Nonlinearity.TANH)));
		return m;
	}

	private static byte[] train(Path dir, String name, RideConfig c) throws IOException {
		int w = 40, h = 36;
		Random r = new Random(7);
		float[] im = new float[w * h];
		for (int i = 0; i < im.length; i++)
			im[i] = (float) (128 + 60 * Math.sin(0.7 * (i % w) + 0.3 * (i / w)) + 12 * r.nextGaussian());
		// NB: no time budget (fast has minutes=1), so the bases, and every case built on them, are the same each run
		TrainConfig tc = TrainConfig.fast(5).withMinutes(0).withStages(new int[] { 8, 10 }, new double[] { 0.5, 0.1 })
			.withBatchSize(8).withData(1, 16, 1).withFinetune(true, 5, 1000, 100).withWhiteningSamples(1000);
		TrainResult t = RideTrainer.train(new Ride(c, DataType.FLOAT, new Random(5)), List.of(new TrainImage(im, w, h)), tc,
			Progress.NONE, CancelToken.NONE);
		DataInfo d = new DataInfo(20, 240, 40, 220, "gray value", 32, false, 128, 45);
		TrainingInfo ti = new TrainingInfo(tc, t.log().stagesCompleted(), t.log().lossBits(), t.log().validationBits(), 1.0,
			false);
		Path f = dir.resolve(name + ".zip");
		// NB: a fixed date and version make the bases, and so every mutation, the same in every run
		RideModelFile.write(f, new SavedModel(t.model(), d, ti, "fuzz", java.time.Instant.parse("2026-01-01T00:00:00Z")));
		return Files.readAllBytes(f);
	}

	// ---- running ----

	/** Runs mutations {@code first .. first+count-1}; mutation i is determined by {@code seed} and i. */
	public List<Case> run(long seed, int first, int count) throws IOException {
		List<Case> out = new ArrayList<>();
		List<String> names = new ArrayList<>(bases.keySet());
		for (int i = first; i < first + count; i++) {
			Random r = new Random(seed * 1_000_003L + i);
			String base = names.get(r.nextInt(names.size()));
			Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
			String[] what = { "" };
			byte[] mutated = mutate(bases.get(base), kind, r, what);
			Path f = dir.resolve("fuzz-" + i + ".zip");
			Files.write(f, mutated);
			out.add(load(i, kind, base, what[0], f));
			Files.deleteIfExists(f);
		}
		return out;
	}

	/** Loads one hand-made file (targeted cases of the test suite). */
	public Case loadOne(String what, byte[] zip) throws IOException {
		Path f = dir.resolve("targeted.zip");
		Files.write(f, zip);
		try {
			return load(-1, Kind.JSON_VALUE, null, what, f);
		} finally {
			Files.deleteIfExists(f);
		}
	}

	/** {@code zip} with {@code model.json} edited (the arrays untouched). */
	public static byte[] editJson(byte[] zip, java.util.function.Consumer<ObjectNode> edit) throws IOException {
		Map<String, byte[]> e = entries(zip);
		ObjectNode json = (ObjectNode) JSON.readTree(e.get("model.json"));
		edit.accept(json);
		e.put("model.json", JSON.writeValueAsBytes(json));
		return zip(e);
	}

	/** {@code zip} with one array's {@code .npy} bytes replaced and its manifest size and checksum recomputed. */
	public static byte[] editNpy(byte[] zip, String array, java.util.function.UnaryOperator<byte[]> edit)
		throws IOException {
		Map<String, byte[]> e = entries(zip);
		ObjectNode json = (ObjectNode) JSON.readTree(e.get("model.json"));
		for (JsonNode it : json.get("manifest").get("arrays"))
			if (it.get("name").textValue().equals(array)) {
				byte[] npy = edit.apply(e.get(it.get("file").textValue()));
				e.put(it.get("file").textValue(), npy);
				rehash((ObjectNode) it, npy);
			}
		e.put("model.json", JSON.writeValueAsBytes(json));
		return zip(e);
	}

	/** Offset of the first value in a version-1 {@code .npy}. */
	public static int npyBody(byte[] npy) {
		return 10 + ((npy[8] & 0xff) | (npy[9] & 0xff) << 8);
	}

	private Case load(int i, Kind kind, String base, String what, Path f) throws IOException {
		Future<SavedModel> job = loader.submit(() -> RideModelFile.read(f));
		try {
			SavedModel m = job.get(timeoutMs, TimeUnit.MILLISECONDS);
			double shift = base == null || !m.trained() ? Double.NaN : Math.abs(bits(m) - baseBits(base));
			return new Case(i, kind, base, what, m.trained() ? Outcome.LOADED_SELF_TEST_PASSED : Outcome.LOADED_UNTRAINED, "",
				shift);
		} catch (TimeoutException e) {
			job.cancel(true);
			loader.shutdownNow();
			loader = newLoader(); // NB: the stuck thread is a daemon; a fresh one serves the next case
			return new Case(i, kind, base, what, Outcome.HANG, "no answer in " + timeoutMs + " ms", Double.NaN);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("fuzzing interrupted", e);
		} catch (ExecutionException e) {
			Throwable t = e.getCause();
			if (t instanceof ModelFileException mfe)
				return new Case(i, kind, base, what, Outcome.REFUSED, mfe.problem().name(), Double.NaN);
			if (t instanceof OutOfMemoryError)
				return new Case(i, kind, base, what, Outcome.OUT_OF_MEMORY, t.toString(), Double.NaN);
			StackTraceElement[] st = t.getStackTrace();
			String where = "";
			for (StackTraceElement frame : st) // NB: the first frame of RIDE's code says where to fix it
				if (frame.getClassName().startsWith("org.ride.")) {
					where = " (from " + frame + ")";
					break;
				}
			return new Case(i, kind, base, what, Outcome.OTHER_EXCEPTION, t + (st.length > 0 ? " at " + st[0] : "") + where,
				Double.NaN);
		}
	}

	/** Mean bits/px of a model on a fixed 48×40 texture unlike the self-test's image (not used by the reader). */
	private static double bits(SavedModel m) {
		int w = 48, h = 40;
		Random r = new Random(99);
		float[] im = new float[w * h];
		for (int i = 0; i < im.length; i++)
			im[i] = (float) (120 + 50 * Math.sin(0.45 * (i % w) - 0.2 * (i / w)) + 20 * r.nextGaussian());
		return org.ride.core.model.LogLikelihoodMap.compute(m.model(), im, w, h, Progress.NONE, CancelToken.NONE)
			.meanBitsPerPixel(1);
	}

	private double baseBits(String base) throws IOException {
		Double b = baseBits.get(base);
		if (b == null) {
			Path f = dir.resolve("base-" + base + ".zip");
			Files.write(f, bases.get(base));
			baseBits.put(base, b = bits(RideModelFile.read(f)));
			Files.deleteIfExists(f);
		}
		return b;
	}

	/** Outcome → count, every outcome listed. */
	public static Map<Outcome, Integer> byOutcome(List<Case> cases) {
		Map<Outcome, Integer> m = new EnumMap<>(Outcome.class);
		for (Outcome o : Outcome.values()) m.put(o, 0);
		for (Case c : cases) m.merge(c.outcome(), 1, Integer::sum);
		return m;
	}

	/** "KIND outcome/detail" → count, for the tables. */
	public static Map<String, Integer> byKindAndDetail(List<Case> cases) {
		Map<String, Integer> m = new TreeMap<>();
		for (Case c : cases)
			m.merge(c.kind() + " " + (c.outcome() == Outcome.REFUSED ? c.detail() : c.outcome().name()), 1, Integer::sum);
		return m;
	}

	// ---- mutations ----

	static byte[] mutate(byte[] zip, Kind kind, Random r, String[] what) throws IOException {
		switch (kind) {
		case BYTE_FLIP: {
			byte[] b = zip.clone();
			int n = 1 + r.nextInt(8);
			StringBuilder sb = new StringBuilder("flipped bytes at");
			for (int k = 0; k < n; k++) {
				int p = r.nextInt(b.length);
				b[p] ^= (byte) (1 + r.nextInt(255));
				sb.append(' ').append(p);
			}
			what[0] = sb.toString();
			return b;
		}
		case TRUNCATE: {
			int len = r.nextInt(4) == 0 ? r.nextInt(64) : r.nextInt(zip.length);
			what[0] = "cut to " + len + " of " + zip.length + " bytes";
			return java.util.Arrays.copyOf(zip, len);
		}
		default:
			break;
		}
		Map<String, byte[]> e = entries(zip);
		ObjectNode json = (ObjectNode) JSON.readTree(e.get("model.json"));
		switch (kind) {
		case JSON_VALUE: {
			Slot s = randomSlot(json, r);
			JsonNode v = badValue(r, s.current());
			what[0] = s.path + " = " + abbreviate(v.toString());
			s.set(v);
			break;
		}
		case JSON_REMOVE: {
			Slot s = randomSlot(json, r);
			what[0] = "removed " + s.path;
			s.remove();
			break;
		}
		case NUMBERS: {
			ArrayNode arrays = (ArrayNode) json.get("manifest").get("arrays");
			ObjectNode it = (ObjectNode) arrays.get(r.nextInt(arrays.size()));
			String file = it.get("file").textValue();
			byte[] npy = e.get(file).clone();
			int body = npyBody(npy);
			int size = npy[body - 1] == '\n' && headerDescr(npy).contains("f8") ? 8 : 4;
			double[] specials = { Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e38, -1e38, 1e308, 0,
				Float.MIN_VALUE, -0.0 };
			double v = specials[r.nextInt(specials.length)];
			int count = (npy.length - body) / size, n = r.nextInt(4) == 0 ? count : 1 + r.nextInt(Math.min(count, 5));
			ByteBuffer bb = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
			for (int k = 0; k < n; k++) {
				int at = body + size * (n == count ? k : r.nextInt(count));
				if (size == 8) bb.putDouble(at, v);
				else bb.putFloat(at, (float) v);
			}
			what[0] = it.get("name").textValue() + ": " + n + " value(s) set to " + v;
			e.put(file, npy);
			rehash(it, npy);
			break;
		}
		case NPY_HEADER: {
			ArrayNode arrays = (ArrayNode) json.get("manifest").get("arrays");
			ObjectNode it = (ObjectNode) arrays.get(r.nextInt(arrays.size()));
			String file = it.get("file").textValue();
			byte[] npy = npyHeader(e.get(file), it, r, what);
			what[0] = it.get("name").textValue() + ": " + what[0];
			e.put(file, npy);
			rehash(it, npy);
			break;
		}
		case SWAP: {
			ArrayNode arrays = (ArrayNode) json.get("manifest").get("arrays");
			List<int[]> pairs = new ArrayList<>();
			for (int a = 0; a < arrays.size(); a++)
				for (int b = a + 1; b < arrays.size(); b++)
					if (arrays.get(a).get("shape").equals(arrays.get(b).get("shape"))
						&& arrays.get(a).get("dtype").equals(arrays.get(b).get("dtype"))
						&& !arrays.get(a).get("sha256").equals(arrays.get(b).get("sha256"))) // NB: equal arrays would be no change
						pairs.add(new int[] { a, b });
			int[] p = pairs.get(r.nextInt(pairs.size()));
			ObjectNode a = (ObjectNode) arrays.get(p[0]), b = (ObjectNode) arrays.get(p[1]);
			byte[] na = e.get(a.get("file").textValue()), nb = e.get(b.get("file").textValue());
			e.put(a.get("file").textValue(), nb);
			e.put(b.get("file").textValue(), na);
			rehash(a, nb);
			rehash(b, na);
			what[0] = "swapped " + a.get("name").textValue() + " and " + b.get("name").textValue();
			break;
		}
		case ENTRIES: {
			List<String> names = new ArrayList<>(e.keySet());
			String victim = names.get(r.nextInt(names.size()));
			switch (r.nextInt(4)) {
			case 0 -> {
				e.remove(victim);
				what[0] = "deleted entry " + victim;
			}
			case 1 -> {
				e.put("weights/extra_" + r.nextInt(100) + ".npy", e.get(victim));
				what[0] = "added an unlisted copy of " + victim;
			}
			case 2 -> {
				byte[] b = e.remove(victim);
				e.put(victim.replace(".npy", ".NPY").replace(".json", ".JSON"), b);
				what[0] = "renamed entry " + victim;
			}
			default -> {
				e.put(victim, new byte[0]);
				what[0] = "emptied entry " + victim;
			}
			}
			if (victim.equals("model.json")) return zip(e);
			break;
		}
		default:
			throw new IllegalStateException(kind.name());
		}
		e.put("model.json", JSON.writeValueAsBytes(json));
		return zip(e);
	}

	/** A rewritten {@code .npy} header: another shape, dtype, order, length field or version. */
	private static byte[] npyHeader(byte[] npy, ObjectNode item, Random r, String[] what) {
		int body = npyBody(npy);
		byte[] data = java.util.Arrays.copyOfRange(npy, body, npy.length);
		long[] shape = JSON.convertValue(item.get("shape"), long[].class);
		long n = 1;
		for (long s : shape) n *= s;
		String descr = headerDescr(npy).contains("f8") ? "<f8" : "<f4", fortran = "False";
		long[] newShape = shape;
		switch (r.nextInt(5)) {
		case 0 -> { // same element count, other shape
			List<long[]> alt = new ArrayList<>(List.of(new long[] { n }, new long[] { 1, n }, new long[] { n, 1 },
				new long[] { 1, 1, n }));
			if (shape.length > 1) alt.add(reversed(shape));
			if (n % 2 == 0) alt.add(new long[] { 2, n / 2 });
			newShape = alt.get(r.nextInt(alt.size()));
		}
		case 1 -> { // other element count, plain or absurd
			long[][] alt = { { n + 1 }, { Math.max(0, n - 1) }, { 0 }, { -1 }, { -n }, { 1L << 31 }, { 1L << 40, 1L << 40 },
				{ Long.MAX_VALUE }, { 3, -5 }, { 1L << 62, 4 }, { Integer.MAX_VALUE, 2 }, {} };
			newShape = alt[r.nextInt(alt.length)];
		}
		case 2 -> descr = new String[] { "<f8", "<f4", ">f4", ">f8", "<i4", "<f2", "|u1", "<c8", "f4", "<U7", "O" }[r
			.nextInt(11)];
		case 3 -> fortran = r.nextBoolean() ? "True" : "maybe";
		default -> { // only the length field or the version (below) are wrong
		}
		}
		StringBuilder sh = new StringBuilder();
		for (long s : newShape) sh.append(s).append(", ");
		if (newShape.length > 1) sh.setLength(sh.length() - 2);
		String header = "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': (" + sh.toString().trim()
			+ "), }";
		int pad = (64 - (10 + header.length() + 1) % 64) % 64;
		header = header + " ".repeat(pad) + "\n";
		int version = 1, headerLen = header.length(), choice = r.nextInt(8);
		if (choice > 1 && newShape == shape && fortran.equals("False") && headerDescr(npy).contains(descr))
			choice = r.nextInt(2); // NB: never the unchanged header
		if (choice == 0) headerLen = r.nextBoolean() ? 0xffff : r.nextInt(headerLen);
		if (choice == 1) version = new int[] { 0, 2, 3, 9, -1 }[r.nextInt(5)];
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(NPY_MAGIC);
		out.write(version);
		out.write(0);
		if (version == 2 || version == 3) {
			int len4 = choice == 1 && r.nextBoolean() ? -1 - r.nextInt(1000) : headerLen;
			out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(len4).array());
		} else {
			out.write(headerLen & 0xff);
			out.write(headerLen >> 8 & 0xff);
		}
		out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
		out.writeBytes(data);
		what[0] = "npy v" + version + " header len " + headerLen + " " + header.trim();
		if (r.nextBoolean()) { // a manifest that agrees with the new header
			ArrayNode s = item.putArray("shape");
			for (long x : newShape) s.add(x);
			if (descr.endsWith("f8")) item.put("dtype", "float64");
			if (descr.endsWith("f4")) item.put("dtype", "float32");
			what[0] += " (manifest agrees)";
		}
		return out.toByteArray();
	}

	private static long[] reversed(long[] s) {
		long[] o = new long[s.length];
		for (int i = 0; i < s.length; i++) o[i] = s[s.length - 1 - i];
		return o;
	}

	private static String headerDescr(byte[] npy) {
		return new String(npy, 10, npyBody(npy) - 10, StandardCharsets.ISO_8859_1);
	}

	private static void rehash(ObjectNode item, byte[] b) {
		item.put("bytes", b.length).put("sha256", sha256(b));
	}

	public static String sha256(byte[] b) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
		} catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** A JSON value of the wrong type, size or sign for a slot currently holding {@code cur}. */
	private static JsonNode badValue(Random r, JsonNode cur) {
		JsonNode[] generic = { NODES.nullNode(), NODES.textNode("x"), NODES.textNode(""), NODES.booleanNode(true),
			NODES.objectNode(), NODES.arrayNode(), NODES.numberNode(-1), NODES.numberNode(0), NODES.numberNode(1.5),
			NODES.numberNode(Integer.MAX_VALUE), NODES.numberNode(1L << 31), NODES.numberNode(Long.MAX_VALUE),
			NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890")), NODES.numberNode(1e308),
			NODES.numberNode(-1e308), NODES.textNode("NaN"), NODES.textNode("Infinity"), NODES.textNode("-Infinity"),
			NODES.numberNode(Double.NaN), NODES.numberNode(4096), NODES.numberNode(100000), NODES.numberNode(-0.0) };
		if (cur != null && cur.isIntegralNumber() && r.nextInt(3) == 0) { // near the real value: a plausible edit
			long v = cur.longValue();
			long[] near = { v + 1, v - 1, -v, 2 * v, v * 1000, 0 };
			return NODES.numberNode(near[r.nextInt(near.length)]);
		}
		if (cur != null && cur.isArray() && cur.size() > 0 && r.nextInt(3) == 0) { // wrong size
			ArrayNode a = cur.deepCopy();
			if (r.nextBoolean()) a.remove(a.size() - 1);
			else a.add(a.get(0).deepCopy());
			return a;
		}
		return generic[r.nextInt(generic.length)];
	}

	/** A place in the JSON tree: an object field or an array element. */
	private record Slot(JsonNode parent, String key, int index, String path) {
		JsonNode current() {
			return key != null ? parent.get(key) : parent.get(index);
		}

		void set(JsonNode v) {
			if (key != null) ((ObjectNode) parent).set(key, v);
			else ((ArrayNode) parent).set(index, v);
		}

		void remove() {
			if (key != null) ((ObjectNode) parent).remove(key);
			else ((ArrayNode) parent).remove(index);
		}
	}

	private static Slot randomSlot(ObjectNode root, Random r) {
		List<Slot> all = new ArrayList<>();
		collect(root, "", all);
		return all.get(r.nextInt(all.size()));
	}

	private static void collect(JsonNode n, String path, List<Slot> out) {
		if (n.isObject())
			n.fields().forEachRemaining(f -> {
				String p = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
				out.add(new Slot(n, f.getKey(), -1, p));
				collect(f.getValue(), p, out);
			});
		else if (n.isArray())
			for (int i = 0; i < n.size(); i++) {
				String p = path + "[" + i + "]";
				out.add(new Slot(n, null, i, p));
				collect(n.get(i), p, out);
			}
	}

	private static String abbreviate(String s) {
		return s.length() > 40 ? s.substring(0, 37) + "..." : s;
	}

	// ---- zip plumbing (independent of the code under test) ----

	static Map<String, byte[]> entries(byte[] zip) throws IOException {
		Path tmp = Files.createTempFile("fuzz-base", ".zip");
		try {
			Files.write(tmp, zip);
			Map<String, byte[]> m = new LinkedHashMap<>();
			try (ZipFile z = new ZipFile(tmp.toFile())) {
				for (ZipEntry e : z.stream().toList()) m.put(e.getName(), z.getInputStream(e).readAllBytes());
			}
			return m;
		} finally {
			Files.deleteIfExists(tmp);
		}
	}

	static byte[] zip(Map<String, byte[]> entries) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ZipOutputStream z = new ZipOutputStream(out)) {
			for (Map.Entry<String, byte[]> x : entries.entrySet()) {
				z.putNextEntry(new ZipEntry(x.getKey()));
				z.write(x.getValue());
				z.closeEntry();
			}
		}
		return out.toByteArray();
	}
}
