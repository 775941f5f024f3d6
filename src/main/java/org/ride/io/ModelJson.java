package org.ride.io;

import java.nio.file.Path;
import java.util.Locale;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.ride.core.model.RideConfig;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.slstm.Nonlinearity;
import org.ride.core.train.TrainConfig;
import org.ride.io.ModelFileException.Problem;

/**
 * The JSON sections of a RIDE model file that are plain values ({@code docs/model-format.md} §2.1–2.5):
 * {@code config}, {@code mask}, {@code data} and {@code training}, to and from their Java records. Doubles are
 * written with Java's shortest exact decimal form, so every value reads back bit-identical.
 */
final class ModelJson {

	private static final String EDITED = "; the file is damaged or was edited by hand, use the file as RIDE wrote it";

	private ModelJson() {}

	// ---- config (§2.1) ----

	static void putConfig(ObjectNode root, RideConfig c) {
		root.putObject("config").put("nb_size", c.nbSize()).put("num_channels", c.numChannels())
			.put("num_hiddens", c.numHiddens()).put("num_layers", c.numLayers()).put("num_components", c.numComponents())
			.put("num_scales", c.numScales()).put("num_features", c.numFeatures()).put("extended", c.extended())
			.put("nonlinearity", nonlinearityName(c.nonlinearity()));
	}

	static RideConfig config(ModelArchive a) throws ModelFileException {
		String nl = a.getString("config.nonlinearity");
		Nonlinearity phi = null;
		for (Nonlinearity n : Nonlinearity.values())
			if (nonlinearityName(n).equalsIgnoreCase(nl) || n.name().equalsIgnoreCase(nl)) phi = n;
		if (phi == null)
			throw bad(a, "config.nonlinearity is \"" + nl + "\", which this RIDE does not know; it knows \"TanH\", \"ReLU\" "
				+ "and \"Sigmoid\" (a newer RIDE may have written the file: update the plugin)");
		int channels = a.getInt("config.num_channels"), nb = a.getInt("config.nb_size"), hid = a.getInt("config.num_hiddens"),
			layers = a.getInt("config.num_layers"), k = a.getInt("config.num_components"), s = a.getInt("config.num_scales"),
			f = a.getInt("config.num_features");
		boolean ext = a.getBoolean("config.extended");
		try {
			return new RideConfig(channels, nb, hid, layers, k, s, f, ext, phi);
		} catch (IllegalArgumentException e) {
			throw bad(a, "the model config is invalid (" + e.getMessage() + ")");
		}
	}

	/** Caffe's spelling, as the original RIDE's {@code nonlinearity} argument. */
	static String nonlinearityName(Nonlinearity n) {
		switch (n) {
		case TANH: return "TanH";
		case RELU: return "ReLU";
		default: return "Sigmoid";
		}
	}

	// ---- mask (§2.2): for humans, cross-checked on load ----

	static void putMask(ObjectNode root, CausalMask m) {
		ObjectNode o = root.putObject("mask").put("rows", m.rows()).put("cols", m.cols()).put("i_off", m.iOff())
			.put("j_off", m.jOff()).put("channels", m.numChannels()).put("d_in", m.numInputs());
		putBooleans(o.putArray("input"), m.inputMask());
		putBooleans(o.putArray("output"), m.outputMask());
	}

	private static void putBooleans(ArrayNode to, boolean[][] b) {
		for (boolean[] row : b) {
			ArrayNode r = to.addArray();
			for (boolean v : row) r.add(v);
		}
	}

	/** Refuses a file whose {@code mask} section is not the mask its config implies. */
	static void checkMask(ModelArchive a, CausalMask m) throws ModelFileException {
		ObjectNode want = ModelArchives.JSON.createObjectNode();
		putMask(want, m);
		JsonNode got = a.get("mask");
		if (!want.get("mask").equals(got))
			throw new ModelFileException(Problem.CONFIG_MISMATCH, a.source(), where(a) + ": the 'mask' section is not the "
				+ "causal mask of nb_size " + m.nbSize() + " with " + m.numChannels() + " channel(s) (" + m.rows() + "×"
				+ m.cols() + ", " + m.numInputs() + " inputs)" + EDITED);
	}

	// ---- data (§2.4) ----

	static void putData(ObjectNode root, DataInfo d) {
		if (d == null) {
			root.putNull("data");
			return;
		}
		ObjectNode o = root.putObject("data").put("units", d.units()).put("bit_depth", d.bitDepth())
			.put("dequantised", d.dequantised()).put("dequantisation", d.dequantised() ? "U[0,1)" : "none")
			.put("min", d.min()).put("max", d.max()).put("mean", d.mean()).put("std", d.std());
		o.putArray("clip_percentiles").add(DataInfo.CLIP_LOW_PERCENTILE).add(DataInfo.CLIP_HIGH_PERCENTILE);
		o.putArray("clip").add(d.clipLow()).add(d.clipHigh());
		o.put("colour", d.colour().label());
		ArrayNode ch = o.putArray("channels");
		for (DataInfo.Channel c : d.channels()) {
			ObjectNode co = ch.addObject().put("name", c.name()).put("min", c.min()).put("max", c.max())
				.put("mean", c.mean()).put("std", c.std());
			co.putArray("clip").add(c.clipLow()).add(c.clipHigh());
		}
	}

	static DataInfo data(ModelArchive a) throws ModelFileException {
		if (!a.has("data")) return null;
		double[] clip = a.getDoubleArray("data.clip");
		if (clip.length != 2) throw bad(a, "data.clip has " + clip.length + " values but must be [low, high]");
		try {
			DataInfo d = new DataInfo(a.getDouble("data.min"), a.getDouble("data.max"), clip[0], clip[1],
				a.getString("data.units"), a.getInt("data.bit_depth"), a.getBoolean("data.dequantised"),
				a.getDouble("data.mean"), a.getDouble("data.std"));
			// files written before colour support: gray models whose RGB inputs were reduced to luminance
			if (!a.has("data.colour")) return d.withColour(DataInfo.Colour.LUMINANCE);
			DataInfo.Colour colour = DataInfo.Colour.of(a.getString("data.colour"));
			if (colour == null) throw bad(a, "data.colour is \"" + a.getString("data.colour") + "\"; it must be \"gray\", "
				+ "\"luminance\" or \"joint channels\"");
			JsonNode list = a.get("data.channels");
			if (!list.isArray() || list.size() == 0) throw bad(a, "data.channels must be a non-empty array, one entry per channel");
			java.util.List<DataInfo.Channel> channels = new java.util.ArrayList<>();
			for (int c = 0; c < list.size(); c++) {
				JsonNode e = list.get(c);
				String p = "data.channels[" + c + "].";
				JsonNode name = e.get("name"), cl = e.get("clip");
				if (name == null || !name.isTextual() || cl == null || !cl.isArray() || cl.size() != 2)
					throw bad(a, p + "name must be a string and " + p + "clip [low, high]");
				channels.add(new DataInfo.Channel(name.textValue(), number(a, e, p, "min"), number(a, e, p, "max"),
					ModelArchive.asDouble(cl.get(0), p + "clip", where(a), a.source()),
					ModelArchive.asDouble(cl.get(1), p + "clip", where(a), a.source()), number(a, e, p, "mean"),
					number(a, e, p, "std")));
			}
			return new DataInfo(d.min(), d.max(), d.clipLow(), d.clipHigh(), d.units(), d.bitDepth(), d.dequantised(),
				d.mean(), d.std(), colour, channels);
		} catch (IllegalArgumentException e) {
			throw bad(a, "the data section is invalid (" + e.getMessage() + ")");
		}
	}

	private static double number(ModelArchive a, JsonNode entry, String path, String key) throws ModelFileException {
		JsonNode v = entry.get(key);
		if (v == null) throw new ModelFileException(Problem.MISSING_FIELD, a.source(), where(a) + " lacks the field '"
			+ path + key + "'; the file is damaged or not a RIDE model");
		return ModelArchive.asDouble(v, path + key, where(a), a.source());
	}

	// ---- training (§2.5) ----

	static void putTraining(ObjectNode root, TrainingInfo t) {
		if (t == null) {
			root.putNull("training");
			return;
		}
		ObjectNode o = root.putObject("training");
		TrainConfig c = t.config();
		ObjectNode co = o.putObject("config");
		ArrayNode ps = co.putArray("patch_sizes");
		for (int p : c.patchSizes()) ps.add(p);
		ArrayNode lr = co.putArray("learning_rates");
		for (double r : c.learningRates()) lr.add(r);
		co.put("momentum", c.momentum()).put("batch_size", c.batchSize()).put("epochs_per_stage", c.epochsPerStage())
			.put("method", c.method().name()).put("augment", c.augment()).put("max_patches_per_stage", c.maxPatchesPerStage())
			.put("finetune", c.finetune()).put("finetune_max_iter", c.finetuneMaxIter())
			.put("finetune_samples", c.finetuneSamples()).put("finetune_validation", c.finetuneValidation())
			.put("validation_fraction", c.validationFraction()).put("whitening_samples", c.whiteningSamples())
			.put("seed", c.seed()).put("beta1", c.beta1()).put("beta2", c.beta2()).put("minutes", c.minutes())
			.put("random_patches", c.randomPatches());
		ArrayNode add = co.putArray("add_layers");
		for (int k : c.addLayers()) add.add(k);
		o.put("stages_done", t.stagesDone()).put("cancelled", t.cancelled()).put("seconds", t.seconds())
			.put("loss_units", "bits/px");
		ArrayNode loss = o.putArray("loss");
		for (double v : t.loss()) loss.add(v);
		ArrayNode valid = o.putArray("loss_valid");
		for (double v : t.lossValid()) valid.add(v);
	}

	static TrainingInfo training(ModelArchive a) throws ModelFileException {
		if (!a.has("training")) return null;
		String p = "training.config.";
		String m = a.getString(p + "method").toUpperCase(Locale.ROOT);
		TrainConfig.Method method = null;
		for (TrainConfig.Method x : TrainConfig.Method.values())
			if (x.name().equals(m)) method = x;
		if (method == null) throw bad(a, p + "method is \"" + m + "\"; it must be \"SGD\" or \"ADAM\"");
		try {
			TrainConfig c = new TrainConfig(a.getIntArray(p + "patch_sizes"), a.getDoubleArray(p + "learning_rates"),
				a.getDouble(p + "momentum"), a.getInt(p + "batch_size"), a.getInt(p + "epochs_per_stage"), method,
				a.getInt(p + "augment"), a.getInt(p + "max_patches_per_stage"), a.getBoolean(p + "finetune"),
				a.getInt(p + "finetune_max_iter"), a.getInt(p + "finetune_samples"), a.getInt(p + "finetune_validation"),
				a.getDouble(p + "validation_fraction"), a.getInt(p + "whitening_samples"), a.getLong(p + "seed"),
				a.getDouble(p + "beta1"), a.getDouble(p + "beta2"), a.getIntArray(p + "add_layers"),
				a.has(p + "minutes") ? a.getDouble(p + "minutes") : 0, // absent in files written before budgets
				a.has(p + "random_patches") && a.getBoolean(p + "random_patches"));
			return new TrainingInfo(c, a.getInt("training.stages_done"), a.getDoubleArray("training.loss"),
				a.getDoubleArray("training.loss_valid"), a.getDouble("training.seconds"), a.getBoolean("training.cancelled"));
		} catch (IllegalArgumentException e) {
			throw bad(a, "the training section is invalid (" + e.getMessage() + ")");
		}
	}

	// ---- shared ----

	static String where(ModelArchive a) {
		Path s = a.source();
		return s == null ? "model.json" : "model.json in " + s;
	}

	static ModelFileException bad(ModelArchive a, String what) {
		return new ModelFileException(Problem.BAD_FIELD, a.source(), where(a) + ": " + what + EDITED);
	}
}
