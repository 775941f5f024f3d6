package org.ride.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.ride.core.nd.NdInit;
import org.ride.core.nd.Shapes;
import org.ride.io.ModelFileException.Problem;

class ModelArchivesTest {

	static {
		NdInit.ensure();
	}

	private static final ObjectMapper JSON = new ObjectMapper();

	@TempDir
	Path dir;

	/** A small archive with awkward values: NaN, -0.0, subnormals, an 'f'-order view, non-ASCII text. */
	private static ModelArchive sample() {
		Random r = new Random(7);
		float[] w = new float[4 * 20];
		for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
		w[0] = Float.NaN;
		w[1] = -0.0f;
		w[2] = Float.MIN_VALUE;
		w[3] = Float.MAX_VALUE;
		double[] c = new double[3 * 2 * 2];
		for (int i = 0; i < c.length; i++) c[i] = r.nextDouble() - 0.5;
		c[5] = Double.MIN_VALUE;
		double[] p = new double[5 * 3];
		for (int i = 0; i < p.length; i++) p[i] = r.nextGaussian() * 1e-7;
		ModelArchive.Builder b = ModelArchive.builder();
		ObjectNode m = b.metadata();
		ObjectNode cfg = m.putObject("config");
		cfg.put("nb_size", 5).put("num_hiddens", 4).put("nonlinearity", "TanH").put("extended", false);
		m.putObject("data").put("units", "µm² – grey");
		m.putArray("loss").add(1.5).add(0.1).add(Double.NaN).add(-1e300);
		m.put("seed", 42L);
		m.putArray("patch_sizes").add(8).add(12);
		return b.array("slstm0_W_g", Nd4j.create(w, new long[] { 4, 20 }, 'c'))
			.array("mcgsm_cholesky_factors", Nd4j.create(c, new long[] { 3, 2, 2 }, 'c'))
			.array("whitening_predictor", Nd4j.create(p, new long[] { 3, 5 }, 'c').transpose()) // 'f' view [5 x 3]
			.extra("self_test/input.bin", new byte[] { 1, 2, 3, (byte) 0xff }).build();
	}

	private static void assertBitIdentical(INDArray want, INDArray got) {
		assertEquals(want.dataType(), got.dataType());
		assertArrayEquals(want.shape(), got.shape());
		if (want.dataType() == DataType.FLOAT) assertArrayEquals(want.dup('c').data().asFloat(), got.dup('c').data().asFloat());
		else assertArrayEquals(want.dup('c').data().asDouble(), got.dup('c').data().asDouble());
	}

	@Test
	void roundTripIsBitExactForMetadataArraysAndExtras() throws IOException {
		ModelArchive a = sample();
		Path f = dir.resolve("m.zip");
		ModelArchives.write(f, a);
		ModelArchive b = ModelArchives.read(f);
		assertEquals(a.metadata(), b.metadata());
		assertEquals("µm² – grey", b.getString("data.units"));
		assertTrue(Double.isNaN(b.getDoubleArray("loss")[2]));
		assertEquals(List.copyOf(a.arrayNames()), List.copyOf(b.arrayNames()));
		for (String n : a.arrayNames())
			assertBitIdentical(a.array(n), b.array(n));
		assertEquals(DataType.FLOAT, b.array("slstm0_W_g").dataType());
		assertEquals(DataType.DOUBLE, b.array("mcgsm_cholesky_factors").dataType());
		assertArrayEquals(a.extra("self_test/input.bin"), b.extra("self_test/input.bin"));
		assertEquals(f, b.source());
		Path g = dir.resolve("again.zip");
		ModelArchives.write(g, b);
		assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(g), "same archive → same bytes");
	}

	@Test
	void zipHoldsPrettyModelJsonFirstThenWeightsAndAManifestWithSha256() throws Exception {
		Path f = dir.resolve("m.zip");
		ModelArchives.write(f, sample());
		Map<String, byte[]> e = entries(f);
		assertEquals(List.of("model.json", "weights/slstm0_W_g.npy", "weights/mcgsm_cholesky_factors.npy",
			"weights/whitening_predictor.npy", "self_test/input.bin"), new ArrayList<>(e.keySet()));
		String json = new String(e.get("model.json"), StandardCharsets.UTF_8);
		assertTrue(json.startsWith("{\n  \"format\" : \"ride-model\",\n  \"format_version\" : 1,\n"), json);
		assertTrue(json.contains("µm² – grey"));
		ObjectNode root = (ObjectNode) JSON.readTree(e.get("model.json"));
		ObjectNode item = (ObjectNode) root.get("manifest").get("arrays").get(2);
		assertEquals("whitening_predictor", item.get("name").textValue());
		assertEquals("weights/whitening_predictor.npy", item.get("file").textValue());
		assertEquals("[5,3]", item.get("shape").toString());
		assertEquals("float64", item.get("dtype").textValue());
		byte[] npy = e.get("weights/whitening_predictor.npy");
		assertEquals(npy.length, item.get("bytes").intValue());
		assertEquals(hex(MessageDigest.getInstance("SHA-256").digest(npy)), item.get("sha256").textValue());
		assertEquals("float32", root.get("manifest").get("arrays").get(0).get("dtype").textValue());
		assertEquals("self_test/input.bin", root.get("manifest").get("extras").get(0).get("file").textValue());
	}

	@Test
	void npyInsideTheZipHasTheHeaderNumpyExpects() throws IOException {
		Path f = dir.resolve("m.zip");
		ModelArchives.write(f, sample());
		byte[] b = entries(f).get("weights/whitening_predictor.npy");
		assertArrayEquals(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 }, Arrays.copyOf(b, 8));
		int hlen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
		String header = new String(b, 10, hlen, StandardCharsets.ISO_8859_1);
		assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (5, 3), }", header.trim());
		assertEquals(0, (10 + hlen) % 64, "NumPy aligns the data to 64 bytes");
		assertTrue(header.endsWith("\n"));
		// the stored array is the transpose of a C-order [3 x 5] p, so C-order element (1, 0) is p[0][1]
		ByteBuffer body = ByteBuffer.wrap(b, 10 + hlen, b.length - 10 - hlen).slice().order(ByteOrder.LITTLE_ENDIAN);
		INDArray want = sample().array("whitening_predictor");
		assertEquals(want.getDouble(1, 0), body.getDouble(8 * 3));
		assertEquals(5 * 3 * 8, body.remaining());
	}

	@Test
	void failedWriteLeavesThePreviousFileByteIdenticalAndNoTempFiles() throws IOException {
		Path f = dir.resolve("m.zip");
		ModelArchives.write(f, sample());
		byte[] before = Files.readAllBytes(f);
		ModelArchive other = ModelArchive.builder().array("x", Nd4j.ones(DataType.FLOAT, 3)).array("y",
			Nd4j.ones(DataType.FLOAT, 2)).build();
		IOException e = assertThrows(IOException.class, () -> ModelArchives.write(f, other, entry -> {
			if (entry.equals("weights/x.npy")) throw new IOException("disk full (simulated)");
		}));
		assertEquals("disk full (simulated)", e.getMessage());
		assertArrayEquals(before, Files.readAllBytes(f));
		Path g = dir.resolve("new.zip");
		assertThrows(IOException.class, () -> ModelArchives.write(g, other, entry -> {
			throw new IOException("cancelled");
		}));
		try (Stream<Path> s = Files.list(dir)) {
			assertEquals(List.of(f), s.toList(), "no temp files, no half-written new.zip");
		}
	}

	// ---- helpers for the model code ----

	@Test
	void typedGettersAndRequireShapeNameTheFieldTheArrayAndTheFile() throws IOException {
		Path f = dir.resolve("m.zip");
		ModelArchives.write(f, sample());
		ModelArchive a = ModelArchives.read(f);
		assertEquals(4, a.getInt("config.num_hiddens"));
		assertEquals(42L, a.getLong("seed"));
		assertFalse(a.getBoolean("config.extended"));
		assertArrayEquals(new int[] { 8, 12 }, a.getIntArray("patch_sizes"));
		assertEquals(Problem.BAD_FIELD, assertThrows(ModelFileException.class, () -> a.getIntArray("loss")).problem());
		ModelFileException e = assertThrows(ModelFileException.class, () -> a.getInt("config.num_layers"));
		assertEquals(Problem.MISSING_FIELD, e.problem());
		assertEquals("model.json in " + f + " lacks the field 'config.num_layers'; the file is damaged or not a RIDE model",
			e.getMessage());
		e = assertThrows(ModelFileException.class, () -> a.getInt("config.nonlinearity"));
		assertEquals(Problem.BAD_FIELD, e.problem());
		assertTrue(e.getMessage().contains("'config.nonlinearity' = \"TanH\" but it must be an integer"), e.getMessage());
		assertArrayEquals(new long[] { 4, 20 }, a.requireShape("slstm0_W_g", 4, Shapes.ANY).shape());
		e = assertThrows(ModelFileException.class, () -> a.requireShape("slstm0_W_g", 4, 12));
		assertEquals(Problem.CONFIG_MISMATCH, e.problem());
		assertTrue(e.getMessage().contains(f + ": array 'slstm0_W_g' is [4 x 20] but the model config needs [4 x 12]"),
			e.getMessage());
		e = assertThrows(ModelFileException.class, () -> a.requireShape("mcgsm_means", 1, 3));
		assertEquals(Problem.MISSING_ENTRY, e.problem());
		assertThrows(IllegalArgumentException.class, () -> ModelArchive.builder().array("a", Nd4j.ones(DataType.INT, 2)).build());
		ModelArchive.Builder reserved = ModelArchive.builder();
		reserved.metadata().put("format_version", 9);
		assertThrows(IllegalArgumentException.class, reserved::build);
	}

	// ---- one test per kind of bad file ----

	private ModelFileException refused(Path f, Problem p) {
		ModelFileException e = assertThrows(ModelFileException.class, () -> ModelArchives.read(f));
		assertEquals(p, e.problem(), e.getMessage());
		assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
		assertEquals(f, e.file());
		return e;
	}

	private Path good() throws IOException {
		Path f = dir.resolve("good.zip");
		if (!Files.exists(f)) ModelArchives.write(f, sample());
		return f;
	}

	@Test
	void missingFileIsRefused() {
		refused(dir.resolve("nope.zip"), Problem.NOT_FOUND);
	}

	@Test
	void nonZipIsRefusedAsNotARideModel() throws IOException {
		Path f = Files.writeString(dir.resolve("notes.zip"), "hello, this is text");
		ModelFileException e = refused(f, Problem.NOT_A_ZIP);
		assertEquals(f + " is not a RIDE model file (not a zip archive); choose a .zip written by RIDE Train Model",
			e.getMessage());
		refused(Files.write(dir.resolve("empty.zip"), new byte[0]), Problem.NOT_A_ZIP);
	}

	@Test
	void fileCutShortLosesItsCentralDirectoryAndIsTruncated() throws IOException {
		byte[] b = Files.readAllBytes(good());
		Path f = Files.write(dir.resolve("cut.zip"), Arrays.copyOf(b, b.length * 3 / 5));
		assertTrue(refused(f, Problem.TRUNCATED).getMessage().contains("truncated"));
	}

	@Test
	void entryShorterThanDeclaredIsTruncated() throws IOException {
		byte[] b = Files.readAllBytes(good());
		int cen = centralRecord(b, "weights/mcgsm_cholesky_factors.npy");
		ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(cen + 24, b.length); // uncompressed size
		Path f = Files.write(dir.resolve("short.zip"), b);
		assertTrue(refused(f, Problem.TRUNCATED).getMessage().contains("weights/mcgsm_cholesky_factors.npy is shorter than"));
	}

	@Test
	void damagedCompressedDataIsACorruptZip() throws IOException {
		byte[] b = Files.readAllBytes(good());
		ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
		int cen = centralRecord(b, "weights/slstm0_W_g.npy");
		int loc = bb.getInt(cen + 42), csize = bb.getInt(cen + 20);
		int data = loc + 30 + bb.getShort(loc + 26) + bb.getShort(loc + 28);
		b[data + csize / 2] ^= 0x5a;
		refused(Files.write(dir.resolve("bitrot.zip"), b), Problem.CORRUPT_ZIP);
	}

	@Test
	void zipWithoutModelJsonIsRefused() throws IOException {
		Map<String, byte[]> e = entries(good());
		e.remove("model.json");
		ModelFileException x = refused(zip("nojson.zip", e), Problem.MISSING_MODEL_JSON);
		assertTrue(x.getMessage().contains("no model.json"), x.getMessage());
	}

	@Test
	void unparsableModelJsonIsRefused() throws IOException {
		Map<String, byte[]> e = entries(good());
		e.put("model.json", "{ \"format\": \"ride-model\", ".getBytes(StandardCharsets.UTF_8));
		assertTrue(refused(zip("badjson.zip", e), Problem.BAD_JSON).getMessage().contains("not valid JSON"));
		e.put("model.json", "[1, 2]".getBytes(StandardCharsets.UTF_8));
		refused(zip("array.zip", e), Problem.BAD_JSON);
	}

	@Test
	void anotherProgramsZipIsTheWrongFormat() throws IOException {
		Path f = editJson("bioimage.zip", j -> j.put("format", "bioimage.io"));
		assertTrue(refused(f, Problem.WRONG_FORMAT).getMessage().contains("\"bioimage.io\""));
		refused(editJson("noformat.zip", j -> j.remove("format")), Problem.WRONG_FORMAT);
	}

	@Test
	void newerAndOlderFormatVersionsAreRefusedWithTheRightAdvice() throws IOException {
		ModelFileException e = refused(editJson("v3.zip", j -> j.put("format_version", 3)), Problem.FORMAT_TOO_NEW);
		assertTrue(e.getMessage().contains("written by a newer RIDE (format 3"), e.getMessage());
		assertTrue(e.getMessage().endsWith("update the plugin"), e.getMessage());
		e = refused(editJson("v0.zip", j -> j.put("format_version", 0)), Problem.FORMAT_TOO_OLD);
		assertTrue(e.getMessage().contains("older RIDE (format 0) that this plugin no longer reads"), e.getMessage());
		refused(editJson("vtext.zip", j -> j.put("format_version", "1")), Problem.BAD_FIELD);
		refused(editJson("nomanifest.zip", j -> j.remove("manifest")), Problem.MISSING_FIELD);
	}

	@Test
	void listedArrayMissingFromTheZipIsRefused() throws IOException {
		Map<String, byte[]> e = entries(good());
		e.remove("weights/mcgsm_cholesky_factors.npy");
		ModelFileException x = refused(zip("missing.zip", e), Problem.MISSING_ENTRY);
		assertTrue(x.getMessage().contains("lacks weights/mcgsm_cholesky_factors.npy"), x.getMessage());
	}

	@Test
	void unlistedArrayInTheZipIsRefused() throws IOException {
		Map<String, byte[]> e = entries(good());
		e.put("weights/sneaky.npy", Npy.write(Nd4j.ones(DataType.FLOAT, 2)));
		ModelFileException x = refused(zip("extra.zip", e), Problem.UNLISTED_ENTRY);
		assertTrue(x.getMessage().contains("an array the manifest does not list (weights/sneaky.npy)"), x.getMessage());
	}

	@Test
	void weightsThatDoNotMatchTheirChecksumAreCorrupted() throws IOException {
		Map<String, byte[]> e = entries(good());
		byte[] w = e.get("weights/slstm0_W_g.npy");
		w[w.length - 1] ^= 1; // a valid zip around changed weights: only the manifest's SHA-256 can tell
		ModelFileException x = refused(zip("flipped.zip", e), Problem.CHECKSUM_MISMATCH);
		assertTrue(x.getMessage().contains("weights/slstm0_W_g.npy does not match the checksum"), x.getMessage());
	}

	@Test
	void shapeOrDtypeDifferentFromTheManifestIsRefused() throws IOException {
		Path f = editJson("shape.zip", j -> ((ObjectNode) j.get("manifest").get("arrays").get(0)).putArray("shape").add(20).add(4));
		assertTrue(refused(f, Problem.SHAPE_MISMATCH).getMessage().contains("is [4 x 20] but the manifest says [20 x 4]"));
		f = editJson("dtype.zip", j -> ((ObjectNode) j.get("manifest").get("arrays").get(0)).put("dtype", "float64"));
		assertTrue(refused(f, Problem.DTYPE_MISMATCH).getMessage().contains("is float32 but the manifest says float64"));
	}

	// ---- zip plumbing written independently of the code under test ----

	private static Map<String, byte[]> entries(Path f) throws IOException {
		return ZipEdits.entries(f);
	}

	private Path zip(String name, Map<String, byte[]> entries) throws IOException {
		return ZipEdits.write(dir.resolve(name), entries);
	}

	private Path editJson(String name, Consumer<ObjectNode> edit) throws IOException {
		return ZipEdits.editJson(good(), dir.resolve(name), edit);
	}

	/** Offset of the central-directory record (signature PK\1\2) of the named entry. */
	private static int centralRecord(byte[] b, String name) {
		ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
		byte[] n = name.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i + 46 < b.length; i++)
			if (bb.getInt(i) == 0x02014b50 && bb.getShort(i + 28) == n.length
				&& Arrays.equals(Arrays.copyOfRange(b, i + 46, i + 46 + n.length), n))
				return i;
		throw new AssertionError("no central record for " + name);
	}

	private static String hex(byte[] b) {
		StringBuilder s = new StringBuilder();
		for (byte x : b) s.append(String.format("%02x", x & 0xff));
		return s.toString();
	}
}
