package org.ride.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.ride.core.mcgsm.McgsmParams;
import org.ride.core.model.LogLikelihoodMap;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.slstm.Gate;
import org.ride.core.slstm.Nonlinearity;
import org.ride.core.train.TrainConfig;
import org.ride.core.whitening.Whitening;
import org.ride.io.ModelFileException.Problem;

class RideModelFileTest {

	private static final int W = 14, H = 12;
	private static final ObjectMapper JSON = new ObjectMapper();

	@TempDir
	Path dir;

	// ---- a small fitted model with every parameter non-trivial ----

	/** Smooth images plus noise in [0, 256)-like units, so the whitening is well conditioned. */
	private static List<float[]> images(int n, long seed) {
		Random r = new Random(seed);
		List<float[]> list = new ArrayList<>();
		for (int b = 0; b < n; b++) {
			float[] im = new float[W * H];
			double fx = 0.3 + r.nextDouble(), fy = 0.2 + r.nextDouble();
			for (int i = 0; i < im.length; i++)
				im[i] = (float) (128 + 60 * Math.sin(fx * (i % W)) * Math.cos(fy * (i / W)) + 10 * r.nextGaussian());
			list.add(im);
		}
		return list;
	}

	private static Ride model(RideConfig c, boolean trained) {
		Ride m = new Ride(c, DataType.FLOAT, new Random(11));
		Random r = new Random(12);
		// NB: biases, means, priors and linear features start at 0; give them values so a lost array shows.
		for (int l = 0; l < c.numLayers(); l++)
			for (Gate g : Gate.values())
				m.lstm().layer(l).setBias(g, Nd4j.rand(DataType.FLOAT, c.numHiddens()).subi(0.5));
		McgsmParams p = m.mcgsm().params();
		for (String g : new String[] { "priors", "linear_features", "means" })
			p.set(g, Nd4j.create(randomValues(r, p.shape(g)), p.shape(g), DataType.DOUBLE));
		if (trained) {
			Neighbourhoods nb = Neighbourhoods.batch(images(3, 5), W, H, m.mask(), DataType.DOUBLE);
			m.setWhitening(Whitening.fit(nb.inputs().transpose(), nb.outputs().transpose()));
		}
		return m;
	}

	private static double[] randomValues(Random r, long[] shape) {
		double[] v = new double[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
		for (int i = 0; i < v.length; i++) v[i] = 0.2 * r.nextGaussian();
		return v;
	}

	private static SavedModel saved(Ride m) {
		DataInfo d = new DataInfo(3.5, 251.25, 20.125, 240.0625, "gray value", 8, true, 128.3, 41.7);
		TrainConfig tc = new TrainConfig(new int[] { 8, 12 }, new double[] { 1.0, 0.1 }, 0.9, 50, 1,
			TrainConfig.Method.ADAM, 2, 300, true, 20, 5000, 500, 0.1, 1000, 123456789012345L, 0.85, 0.995, new int[] { 0, 1 }, 2.5,
			true);
		TrainingInfo t = new TrainingInfo(tc, 2, new double[] { 5.1, 4.7, Math.PI, Double.NaN }, new double[] { 4.2, 4.0 },
			12.5, true);
		return new SavedModel(m, d, t, "1.2.3-test", Instant.parse("2025-03-01T12:00:00Z"));
	}

	private Path written(String name, SavedModel m) throws IOException {
		Path f = dir.resolve(name);
		RideModelFile.write(f, m);
		return f;
	}

	// ---- exact round trip ----

	@Test
	void roundTripIsBitExactForZeroOneAndTwoLayersPlainAndExtended() throws IOException {
		RideConfig[] configs = { new RideConfig(1, 5, 6, 1, 3, 2, 4, false, Nonlinearity.TANH),
			new RideConfig(1, 3, 5, 2, 2, 3, 3, true, Nonlinearity.RELU),
			new RideConfig(1, 5, 6, 0, 3, 2, 4, false, Nonlinearity.TANH) }; // the MCGSM baseline
		for (RideConfig c : configs) {
			SavedModel m = saved(model(c, true));
			Path f = written("L" + c.numLayers() + ".zip", m);
			SavedModel back = RideModelFile.read(f);
			assertEquals(c, back.model().config());
			assertEquals(m.data(), back.data());
			assertEquals(m.training(), back.training());
			assertEquals(m.codeVersion(), back.codeVersion());
			assertEquals(m.created(), back.created());
			assertSameParameters(m.model(), back.model());
			float[] im = images(1, 99).get(0);
			LogLikelihoodMap want = LogLikelihoodMap.compute(m.model(), im, W, H, 5, Progress.NONE, CancelToken.NONE);
			LogLikelihoodMap got = LogLikelihoodMap.compute(back.model(), im, W, H, 5, Progress.NONE, CancelToken.NONE);
			assertArrayEquals(want.nats(), got.nats(), "log-likelihood map bit for bit, " + c.label());
			Path again = dir.resolve("again.zip");
			RideModelFile.write(again, back);
			assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(again), "re-saving gives the same bytes");
		}
	}

	private static void assertSameParameters(Ride a, Ride b) {
		for (int l = 0; l < a.config().numLayers(); l++)
			for (Gate g : Gate.values()) {
				assertBits(a.lstm().layer(l).getWeights(g), b.lstm().layer(l).getWeights(g), "layer " + l + " " + g.weightName);
				assertBits(a.lstm().layer(l).getBias(g), b.lstm().layer(l).getBias(g), "layer " + l + " " + g.biasName);
			}
		for (String g : McgsmParams.NAMES)
			assertBits(a.mcgsm().params().get(g), b.mcgsm().params().get(g), "mcgsm " + g);
		Whitening x = a.whitening(), y = b.whitening();
		assertArrayEquals(x.meanIn(), y.meanIn());
		assertArrayEquals(x.meanOut(), y.meanOut());
		assertArrayEquals(x.pIn(), y.pIn());
		assertArrayEquals(x.pInInv(), y.pInInv());
		assertArrayEquals(x.pOut(), y.pOut());
		assertArrayEquals(x.pOutInv(), y.pOutInv());
		assertArrayEquals(x.w(), y.w());
		assertEquals(Double.doubleToRawLongBits(x.logJacobian()), Double.doubleToRawLongBits(y.logJacobian()));
	}

	private static void assertBits(INDArray want, INDArray got, String what) {
		assertEquals(want.dataType(), got.dataType(), what);
		assertArrayEquals(want.shape(), got.shape(), what);
		assertArrayEquals(want.dup('c').data().asDouble(), got.dup('c').data().asDouble(), what);
	}

	@Test
	void untrainedModelIsSavedWithoutWhiteningOrSelfTestAndLoadsAsUntrained() throws IOException {
		Ride m = model(RideConfig.tiny(), false);
		Path f = written("untrained.zip", new SavedModel(m, null, null, "dev", Instant.EPOCH));
		SavedModel back = RideModelFile.read(f);
		assertFalse(back.trained());
		assertNull(back.data());
		assertNull(back.training());
		assertFalse(ModelArchives.read(f).hasArray("self_test_input"));
		ModelFileException e = assertThrows(ModelFileException.class, () -> RideModelFile.readTrained(f));
		assertEquals(Problem.UNTRAINED, e.problem());
		assertTrue(e.getMessage().contains("untrained"), e.getMessage());
	}

	@Test
	void doubleModelIsRefusedBeforeAnyFileIsWritten() {
		Ride m = new Ride(RideConfig.tiny(), DataType.DOUBLE, new Random(1));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> RideModelFile.write(dir.resolve("d.zip"), SavedModel.of(m, null, null)));
		assertTrue(e.getMessage().contains("FLOAT"), e.getMessage());
		assertFalse(Files.exists(dir.resolve("d.zip")));
	}

	// ---- files that do not fit their config ----

	@Test
	void weightsReplacedByOtherValidWeightsFailTheSelfTest() throws IOException {
		Path f = written("m.zip", saved(model(RideConfig.tiny(), true)));
		for (String name : new String[] { "slstm0_W_o", "mcgsm_means" }) {
			Path g = withArray(f, name + ".zip", name, x -> x.muli(0.5).addi(0.01));
			ModelFileException e = refused(g, Problem.SELF_TEST_FAILED);
			assertTrue(e.getMessage().contains("fails its self-test"), e.getMessage());
			assertTrue(e.getMessage().contains(g.toString()), e.getMessage());
		}
	}

	@Test
	void arraysThatDoNotFitTheConfigAreAConfigMismatchNamingTheArray() throws IOException {
		RideConfig c = RideConfig.tiny(); // H 6, K_0 = 12 + 12
		Path f = written("m.zip", saved(model(c, true)));
		Path g = withArray(f, "wide.zip", "slstm0_W_g", x -> Nd4j.zeros(DataType.FLOAT, 6, 25));
		ModelFileException e = refused(g, Problem.CONFIG_MISMATCH);
		assertTrue(e.getMessage().contains("array 'slstm0_W_g' is [6 x 25] but the model config needs [6 x 24]"),
			e.getMessage());
		e = refused(editJson(f, "layers.zip", j -> ((ObjectNode) j.get("config")).put("num_hiddens", 7)),
			Problem.CONFIG_MISMATCH);
		assertTrue(e.getMessage().contains("'slstm0_W_g'"), e.getMessage());
	}

	@Test
	void invalidConfigAndUnknownNonlinearityAreBadFieldsNamingTheFile() throws IOException {
		Path f = written("m.zip", saved(model(RideConfig.tiny(), true)));
		ModelFileException e = refused(editJson(f, "nb4.zip", j -> ((ObjectNode) j.get("config")).put("nb_size", 4)),
			Problem.BAD_FIELD);
		assertTrue(e.getMessage().contains("nb_size is 4") && e.getMessage().contains("nb4.zip"), e.getMessage());
		e = refused(editJson(f, "phi.zip", j -> ((ObjectNode) j.get("config")).put("nonlinearity", "Softplus")),
			Problem.BAD_FIELD);
		assertTrue(e.getMessage().contains("\"Softplus\", which this RIDE does not know"), e.getMessage());
	}

	// ---- archive-level faults come through unchanged ----

	@Test
	void truncatedFileIsRefusedAsTruncated() throws IOException {
		byte[] b = Files.readAllBytes(written("m.zip", saved(model(RideConfig.tiny(), true))));
		refused(Files.write(dir.resolve("cut.zip"), Arrays.copyOf(b, b.length / 2)), Problem.TRUNCATED);
	}

	@Test
	void entryFailingItsZipCrcIsRefusedAsACorruptZip() throws IOException {
		byte[] b = Files.readAllBytes(written("m.zip", saved(model(RideConfig.tiny(), true))));
		b[centralRecord(b, "weights/slstm0_W_g.npy") + 16] ^= 0x5a; // CRC-32 field of the central directory record
		refused(Files.write(dir.resolve("rot.zip"), b), Problem.CORRUPT_ZIP);
	}

	@Test
	void newerFormatVersionIsRefused() throws IOException {
		Path f = written("m.zip", saved(model(RideConfig.tiny(), true)));
		refused(editJson(f, "v2.zip", j -> j.put("format_version", ModelArchives.FORMAT_VERSION + 1)), Problem.FORMAT_TOO_NEW);
	}

	@Test
	void failedWriteOverAnExistingModelLeavesItIntact() throws IOException {
		Path f = written("m.zip", saved(model(RideConfig.tiny(), true)));
		byte[] before = Files.readAllBytes(f);
		SavedModel other = saved(model(new RideConfig(1, 5, 4, 2, 2, 2, 3, false, Nonlinearity.TANH), true));
		IOException e = assertThrows(IOException.class, () -> RideModelFile.write(f, other, entry -> {
			if (entry.equals("weights/mcgsm_priors.npy")) throw new IOException("disk full (simulated)");
		}));
		assertEquals("disk full (simulated)", e.getMessage());
		assertArrayEquals(before, Files.readAllBytes(f));
		assertEquals(RideConfig.tiny(), RideModelFile.read(f).model().config());
	}

	// ---- the documented layout ----

	@Test
	void everyArrayTheFormatDocumentListsIsInTheZipAndNothingElse() throws IOException {
		String doc = Files.readString(Path.of("docs/model-format.md"), StandardCharsets.UTF_8);
		Matcher m = Pattern.compile("`((?:slstm<l>|mcgsm|whitening|self_test)_[A-Za-z_]+)`").matcher(doc);
		Set<String> documented = new TreeSet<>();
		while (m.find())
			for (int l = 0; l < 2; l++) documented.add(m.group(1).replace("<l>", Integer.toString(l)));
		Path f = written("two.zip", saved(model(new RideConfig(1, 5, 4, 2, 2, 2, 3, false, Nonlinearity.TANH), true)));
		Set<String> inZip = new TreeSet<>();
		try (ZipFile z = new ZipFile(f.toFile())) {
			z.stream().map(ZipEntry::getName).filter(n -> n.startsWith("weights/"))
				.forEach(n -> inZip.add(n.substring(8, n.length() - 4)));
		}
		assertEquals(documented, inZip);
		ObjectNode j = (ObjectNode) JSON.readTree(entries(f).get("model.json"));
		for (String key : new String[] { "format", "format_version", "code_version", "created", "config", "mask",
			"whitening", "data", "training", "seed", "self_test", "manifest" })
			assertTrue(j.has(key) && doc.contains("`" + key + "`"), key);
		assertEquals(123456789012345L, j.get("seed").longValue());
		assertEquals("float32", j.get("manifest").get("arrays").get(0).get("dtype").textValue());
	}

	// ---- helpers (zip plumbing independent of the code under test) ----

	private static ModelFileException refused(Path f, Problem p) {
		ModelFileException e = assertThrows(ModelFileException.class, () -> RideModelFile.read(f));
		assertEquals(p, e.problem(), e.getMessage());
		return e;
	}

	/** A valid archive (fresh manifest and checksums) in which one array is changed. */
	private Path withArray(Path f, String name, String array, java.util.function.UnaryOperator<INDArray> change)
		throws IOException {
		ModelArchive a = ModelArchives.read(f);
		Map<String, INDArray> arrays = new LinkedHashMap<>();
		for (String n : a.arrayNames()) arrays.put(n, n.equals(array) ? change.apply(a.array(n)) : a.array(n));
		Map<String, byte[]> extras = new LinkedHashMap<>();
		for (String n : a.extraNames()) extras.put(n, a.extra(n));
		Path g = dir.resolve(name);
		ModelArchives.write(g, new ModelArchive(a.metadata(), arrays, extras));
		return g;
	}

	private Path editJson(Path f, String name, Consumer<ObjectNode> edit) throws IOException {
		return ZipEdits.editJson(f, dir.resolve(name), edit);
	}

	private static Map<String, byte[]> entries(Path f) throws IOException {
		return ZipEdits.entries(f);
	}

	/** Offset of the central-directory record (signature PK\1\2) of the named entry. */
	private static int centralRecord(byte[] b, String name) {
		byte[] n = name.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i + 46 + n.length < b.length; i++)
			if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2
				&& Arrays.equals(Arrays.copyOfRange(b, i + 46, i + 46 + n.length), n))
				return i;
		throw new AssertionError("no central record for " + name);
	}
}
