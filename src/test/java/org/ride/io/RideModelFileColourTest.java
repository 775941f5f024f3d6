package org.ride.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.ride.core.model.LogLikelihoodMap;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.whitening.Whitening;
import org.ride.io.ModelFileException.Problem;

/** Colour in model files: data.colour and data.channels round-trip; files without them read as luminance models. */
class RideModelFileColourTest {

	private static final int W = 14, H = 12, C = 3;
	private static final ObjectMapper JSON = new ObjectMapper();

	@TempDir
	Path dir;

	private static List<float[]> colourImages(int n, long seed) {
		Random r = new Random(seed);
		List<float[]> out = new ArrayList<>();
		for (int b = 0; b < n; b++) {
			float[] im = new float[C * W * H];
			for (int i = 0; i < W * H; i++) {
				double s = 60 * Math.sin(0.4 * (i % W)) * Math.cos(0.3 * (i / W)) + 10 * r.nextGaussian();
				for (int c = 0; c < C; c++) im[c * W * H + i] = (float) (40 * c + 100 + (1 - 0.2 * c) * s + 5 * r.nextGaussian());
			}
			out.add(im);
		}
		return out;
	}

	private static Ride colourModel() {
		Ride m = new Ride(RideConfig.tiny().withNumChannels(C), DataType.FLOAT, new Random(4));
		Neighbourhoods nb = Neighbourhoods.batch(colourImages(3, 5), W, H, m.mask(), DataType.DOUBLE);
		m.setWhitening(Whitening.fit(nb.inputs().transpose(), nb.outputs().transpose()));
		return m;
	}

	static DataInfo rgbData() {
		List<DataInfo.Channel> ch = List.of(new DataInfo.Channel("red", 1, 250, 10, 240, 120, 30),
			new DataInfo.Channel("green", 2, 251, 12, 241, 121, 31), new DataInfo.Channel("blue", 3, 252, 14, 242, 122, 32));
		return new DataInfo(1, 252, 10, 242, "gray value", 8, true, 121, 31, DataInfo.Colour.JOINT, ch);
	}

	@Test
	void aJointColourModelRoundTripsWithItsChannelsAndSameMap() throws IOException {
		SavedModel m = SavedModel.of(colourModel(), rgbData(), null);
		Path f = dir.resolve("rgb.zip");
		RideModelFile.write(f, m);
		SavedModel back = RideModelFile.read(f);
		assertEquals(C, back.model().config().numChannels());
		assertEquals(m.data(), back.data());
		assertEquals(DataInfo.Colour.JOINT, back.data().colour());
		assertArrayEquals(new double[] { 14, 241 }, new double[] { back.data().channelClip()[0][2],
			back.data().channelClip()[1][1] });
		float[] im = colourImages(1, 9).get(0);
		assertArrayEquals(LogLikelihoodMap.compute(m.model(), im, W, H, Progress.NONE, CancelToken.NONE).nats(),
			LogLikelihoodMap.compute(back.model(), im, W, H, Progress.NONE, CancelToken.NONE).nats());
		String json = new String(entries(f).get("model.json"), java.nio.charset.StandardCharsets.UTF_8);
		assertTrue(json.contains("\"colour\" : \"joint channels\""), json);
	}

	@Test
	void aFileWrittenBeforeColourSupportReadsAsALuminanceModel() throws IOException {
		Ride gray = new Ride(RideConfig.tiny(), DataType.FLOAT, new Random(4));
		List<float[]> imgs = new ArrayList<>();
		for (float[] c : colourImages(3, 5)) imgs.add(java.util.Arrays.copyOf(c, W * H));
		Neighbourhoods nb = Neighbourhoods.batch(imgs, W, H, gray.mask(), DataType.DOUBLE);
		gray.setWhitening(Whitening.fit(nb.inputs().transpose(), nb.outputs().transpose()));
		Path f = dir.resolve("gray.zip");
		RideModelFile.write(f, SavedModel.of(gray, new DataInfo(1, 250, 10, 240, "gray value", 8, true, 120, 30), null));
		assertEquals(DataInfo.Colour.GRAY, RideModelFile.read(f).data().colour());
		Path old = editJson(f, "old.zip", j -> {
			((ObjectNode) j.get("data")).remove("colour");
			((ObjectNode) j.get("data")).remove("channels");
		});
		DataInfo d = RideModelFile.read(old).data();
		assertEquals(DataInfo.Colour.LUMINANCE, d.colour());
		assertEquals(1, d.numChannels());
		assertEquals(10, d.channels().get(0).clipLow());
		assertEquals(240, d.channels().get(0).clipHigh());
	}

	@Test
	void channelsThatDoNotMatchTheConfigAreRefused() throws IOException {
		Path f = dir.resolve("rgb.zip");
		RideModelFile.write(f, SavedModel.of(colourModel(), rgbData(), null));
		Path two = editJson(f, "two.zip", j -> ((org.nd4j.shade.jackson.databind.node.ArrayNode) j.get("data")
			.get("channels")).remove(2));
		ModelFileException e = assertThrows(ModelFileException.class, () -> RideModelFile.read(two));
		assertEquals(Problem.CONFIG_MISMATCH, e.problem(), e.getMessage());
		Path gray = editJson(f, "g.zip", j -> ((ObjectNode) j.get("data")).put("colour", "purple"));
		e = assertThrows(ModelFileException.class, () -> RideModelFile.read(gray));
		assertTrue(e.getMessage().contains("joint channels"), e.getMessage());
		var w = assertThrows(IllegalArgumentException.class, () -> RideModelFile.write(dir.resolve("x.zip"),
			SavedModel.of(colourModel(), new DataInfo(1, 250, 10, 240, "gray value", 8, true, 120, 30), null)));
		assertTrue(w.getMessage().contains("1 channel(s) but the model predicts 3"), w.getMessage());
	}

	private Path editJson(Path f, String name, Consumer<ObjectNode> edit) throws IOException {
		return ZipEdits.editJson(f, dir.resolve(name), edit);
	}

	private static Map<String, byte[]> entries(Path f) throws IOException {
		return ZipEdits.entries(f);
	}
}
