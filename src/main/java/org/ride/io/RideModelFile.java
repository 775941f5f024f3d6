package org.ride.io;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.ride.core.mcgsm.Mcgsm;
import org.ride.core.mcgsm.McgsmParams;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.nd.NdInit;
import org.ride.core.slstm.Gate;
import org.ride.core.slstm.SlstmConfig;
import org.ride.core.slstm.SlstmLayer;
import org.ride.core.slstm.SlstmStack;
import org.ride.core.whitening.Whitening;
import org.ride.io.ModelFileException.Problem;

/**
 * One RIDE model as one zip file ({@code docs/model-format.md}), written atomically through {@link ModelArchives}.
 * {@code model.json} holds {@code code_version}, {@code created}, {@code config} (every {@link RideConfig} field),
 * {@code mask}, {@code whitening} (dimensions and {@code log_jacobian}), {@code data} ({@link DataInfo}),
 * {@code training} ({@link TrainingInfo}), {@code seed} (the training seed) and {@code self_test}. The arrays, with
 * H = num_hiddens, K_l = C_in + 2H (+2H extended, spec §5.3), C_in = d_in for layer 0 and H above:
 * <pre>
 *   slstm&lt;l&gt;_W_g, _W_i, _W_f_i, _W_f_j, _W_o   float32 [H, K_l]   columns x | h_left | h_top (| c_left | c_top)
 *   slstm&lt;l&gt;_b_g, _b_i, _b_f_i, _b_f_j, _b_o   float32 [H]
 *   mcgsm_&lt;name&gt; for each McgsmParams.NAMES     float64, McgsmParams shapes (spec §6.1)
 *   whitening_mean_in [d_in], _mean_out [D], _pre_in, _pre_in_inv [d_in, d_in], _pre_out, _pre_out_inv [D, D],
 *   whitening_predictor [D, d_in]              float64 (spec §4.1; trained models only)
 *   self_test_input float32 [D, s, s], self_test_loglik float32 [s, s]   ({@link SelfTest}; trained models only)
 * </pre>
 * A round trip is exact: every parameter, the whitening and {@code log_jacobian} come back bit-identical, so the
 * loaded model's log-likelihoods equal the saved model's bit for bit. The reader refuses a file whose arrays do not
 * fit its config ({@link Problem#CONFIG_MISMATCH}), whose config is invalid ({@link Problem#BAD_FIELD}) or whose
 * self-test fails ({@link Problem#SELF_TEST_FAILED}), besides everything {@link ModelArchives#read} refuses.
 */
public final class RideModelFile {

	/** {@code log_jacobian} must equal log|det P_out| recomputed from {@code whitening_pre_out} to this (relative). */
	static final double LOG_JACOBIAN_TOLERANCE = 1e-9;
	/** |P·P⁻¹ − I| of the stored whitening inverses must stay below this (float64 inverses of RIDE's fits: ~1e-12). */
	static final double INVERSE_TOLERANCE = 1e-6;
	private static final String[] WHITENING = { "mean_in", "mean_out", "pre_in", "pre_in_inv", "pre_out", "pre_out_inv",
		"predictor" };

	private RideModelFile() {}

	/** Writes {@code m} to {@code zip} atomically: on any failure the previous file is left as it was. */
	public static void write(Path zip, SavedModel m) throws IOException {
		ModelArchives.write(zip, toArchive(m));
	}

	static void write(Path zip, SavedModel m, ModelArchives.EntryHook hook) throws IOException {
		ModelArchives.write(zip, toArchive(m), hook);
	}

	/** Reads, checks and self-tests a model file; an untrained model (no whitening) is returned as such. */
	public static SavedModel read(Path zip) throws IOException {
		return fromArchive(ModelArchives.read(zip));
	}

	/** As {@link #read}, but refuses an untrained model with {@link Problem#UNTRAINED}. */
	public static SavedModel readTrained(Path zip) throws IOException {
		SavedModel m = read(zip);
		if (!m.trained())
			throw new ModelFileException(Problem.UNTRAINED, zip, zip + " holds an untrained model (it has no whitening "
				+ "statistics yet); train it with RIDE Train Model first, or choose a trained model");
		return m;
	}

	/** The running RIDE's version: the jar manifest's {@code Implementation-Version}, or "dev" outside a jar. */
	public static String codeVersion() {
		String v = RideModelFile.class.getPackage().getImplementationVersion();
		return v == null || v.isBlank() ? "dev" : v;
	}

	/** The arrays a file of this config holds, in stored order. */
	static List<String> arrayNames(RideConfig c, boolean trained) {
		List<String> n = new ArrayList<>();
		for (int l = 0; l < c.numLayers(); l++) {
			for (Gate g : Gate.values()) n.add(slstm(l, g.weightName));
			for (Gate g : Gate.values()) n.add(slstm(l, g.biasName));
		}
		for (String g : McgsmParams.NAMES) n.add("mcgsm_" + g);
		if (trained) {
			for (String w : WHITENING) n.add("whitening_" + w);
			n.add(SelfTest.INPUT);
			n.add(SelfTest.EXPECTED);
		}
		return n;
	}

	private static String slstm(int layer, String name) {
		return "slstm" + layer + "_" + name;
	}

	// ---- writing ----

	static ModelArchive toArchive(SavedModel m) {
		NdInit.ensure();
		Ride r = m.model();
		if (r.dataType() != DataType.FLOAT)
			throw new IllegalArgumentException("the model computes in " + r.dataType() + " but model files store float32 "
				+ "LSTM weights; save a FLOAT model (DOUBLE models are for gradient checks)");
		RideConfig c = r.config();
		if (m.data() != null && m.data().numChannels() != c.numChannels())
			throw new IllegalArgumentException("the data statistics describe " + m.data().numChannels() + " channel(s) but "
				+ "the model predicts " + c.numChannels() + "; give one data channel per model channel");
		ModelArchive.Builder b = ModelArchive.builder();
		ObjectNode root = b.metadata();
		root.put("code_version", m.codeVersion()).put("created", m.created().toString());
		ModelJson.putConfig(root, c);
		ModelJson.putMask(root, r.mask());
		ModelJson.putData(root, m.data());
		ModelJson.putTraining(root, m.training());
		if (m.training() != null) root.put("seed", m.training().config().seed());
		for (int l = 0; l < c.numLayers(); l++) {
			SlstmLayer layer = r.lstm().layer(l);
			for (Gate g : Gate.values()) b.array(slstm(l, g.weightName), layer.getWeights(g));
			for (Gate g : Gate.values()) b.array(slstm(l, g.biasName), layer.getBias(g));
		}
		McgsmParams p = r.mcgsm().params();
		for (String g : McgsmParams.NAMES) b.array("mcgsm_" + g, p.get(g).castTo(DataType.DOUBLE));
		if (r.hasWhitening()) {
			putWhitening(root, b, r.whitening());
			SelfTest.put(root, b, r, m.data());
		} else {
			root.putNull("whitening");
			root.putNull("self_test");
		}
		return b.build();
	}

	private static void putWhitening(ObjectNode root, ModelArchive.Builder b, Whitening w) {
		root.putObject("whitening").put("kind", "conditional").put("d_in", w.dimIn()).put("d_out", w.dimOut())
			.put("log_jacobian", w.logJacobian());
		b.array("whitening_mean_in", vector(w.meanIn())).array("whitening_mean_out", vector(w.meanOut()))
			.array("whitening_pre_in", matrix(w.pIn())).array("whitening_pre_in_inv", matrix(w.pInInv()))
			.array("whitening_pre_out", matrix(w.pOut())).array("whitening_pre_out_inv", matrix(w.pOutInv()))
			.array("whitening_predictor", matrix(w.w()));
	}

	private static INDArray vector(double[] v) {
		return Nd4j.create(v, new long[] { v.length }, DataType.DOUBLE);
	}

	private static INDArray matrix(double[][] a) {
		int cols = a[0].length;
		double[] flat = new double[a.length * cols];
		for (int i = 0; i < a.length; i++) System.arraycopy(a[i], 0, flat, i * cols, cols);
		return Nd4j.create(flat, new long[] { a.length, cols }, DataType.DOUBLE);
	}

	// ---- reading ----

	static SavedModel fromArchive(ModelArchive a) throws ModelFileException {
		RideConfig c = ModelJson.config(a);
		ModelJson.checkMask(a, c.mask());
		boolean trained = a.has("whitening");
		checkArrayNames(a, c, trained);
		checkShapes(a, c);
		checkFinite(a);
		SlstmStack lstm = new SlstmStack(c.slstmConfig(), c.numLayers(), DataType.FLOAT, new Random(0));
		for (int l = 0; l < c.numLayers(); l++) {
			SlstmLayer layer = lstm.layer(l);
			long k = layer.config().inputSize(), h = c.numHiddens();
			for (Gate g : Gate.values()) layer.setWeights(g, require(a, slstm(l, g.weightName), DataType.FLOAT, h, k));
			for (Gate g : Gate.values()) layer.setBias(g, require(a, slstm(l, g.biasName), DataType.FLOAT, h));
		}
		McgsmParams p = new McgsmParams(c.mcgsmConfig(), DataType.FLOAT);
		for (String g : McgsmParams.NAMES) {
			INDArray v = require(a, "mcgsm_" + g, DataType.DOUBLE, p.shape(g));
			try {
				p.set(g, v);
			} catch (IllegalArgumentException e) {
				throw badArray(a, "mcgsm_" + g, e);
			}
		}
		Ride ride = new Ride(c, trained ? whitening(a, c) : null, lstm, new Mcgsm(p));
		if (trained) {
			if (!a.has("self_test")) throw missing(a, "self_test", "every trained model carries its self-test");
			SelfTest.check(a, ride);
		}
		TrainingInfo t = ModelJson.training(a);
		if (t != null && a.getLong("seed") != t.config().seed())
			throw ModelJson.bad(a, "seed is " + a.getLong("seed") + " but training.config.seed is " + t.config().seed());
		DataInfo data = ModelJson.data(a);
		if (data != null && data.numChannels() != c.numChannels())
			throw new ModelFileException(ModelFileException.Problem.CONFIG_MISMATCH, a.source(), ModelJson.where(a)
				+ ": data.channels lists " + data.numChannels() + " channel(s) but config.num_channels is "
				+ c.numChannels() + "; the file is damaged or was edited by hand, use the file as RIDE wrote it");
		return new SavedModel(ride, data, t, a.getString("code_version"), created(a));
	}

	/** Every array the config implies must be there, and no other (e.g. a third layer of a 2-layer model). */
	private static void checkArrayNames(ModelArchive a, RideConfig c, boolean trained) throws ModelFileException {
		Set<String> extra = new LinkedHashSet<>(a.arrayNames());
		List<String> want = arrayNames(c, trained);
		want.forEach(extra::remove);
		if (!extra.isEmpty())
			throw new ModelFileException(Problem.CONFIG_MISMATCH, a.source(), ModelJson.where(a) + ": array '"
				+ extra.iterator().next() + "' does not belong to a " + (trained ? "trained " : "untrained ") + c.label()
				+ " model with this config" + (trained ? "" : " (the file has no whitening section)")
				+ "; the file is damaged or its config was edited, use the file as RIDE wrote it");
		for (String n : want)
			if (!a.hasArray(n))
				throw new ModelFileException(Problem.MISSING_ENTRY, a.source(), ModelJson.where(a) + " lacks the array '" + n
					+ "' that a " + c.label() + " model needs; the file is damaged or was written for another model");
	}

	/**
	 * Every LSTM and MCGSM array against the config, before the model is built: a config edited to huge sizes must
	 * be refused here, not by a failed allocation of its parameters.
	 */
	private static void checkShapes(ModelArchive a, RideConfig c) throws ModelFileException {
		for (int l = 0; l < c.numLayers(); l++) {
			long k = new SlstmConfig(l == 0 ? c.mask().numInputs() : c.numHiddens(), c.numHiddens(), c.extended(),
				c.nonlinearity()).inputSize(), h = c.numHiddens();
			for (Gate g : Gate.values()) a.requireShape(slstm(l, g.weightName), h, k);
			for (Gate g : Gate.values()) a.requireShape(slstm(l, g.biasName), h);
		}
		for (String g : McgsmParams.NAMES) a.requireShape("mcgsm_" + g, McgsmParams.shape(c.mcgsmConfig(), g));
	}

	/**
	 * No weight of a model RIDE wrote is NaN or infinite (only the stored self-test map has NaN, at its border); the
	 * self-test cannot see every array (e.g. the inverse whitening, used only by sampling and inpainting).
	 */
	private static void checkFinite(ModelArchive a) throws ModelFileException {
		for (String n : a.arrayNames()) {
			INDArray x = a.array(n);
			boolean ok = true;
			for (double v : x.data().asDouble())
				if (n.equals(SelfTest.EXPECTED) ? Double.isInfinite(v) : !Double.isFinite(v)) ok = false;
			if (!ok)
				throw new ModelFileException(Problem.BAD_ARRAY, a.source(), ModelJson.where(a) + ": array '" + n + "' holds "
					+ (n.equals(SelfTest.EXPECTED) ? "infinite" : "NaN or infinite") + " values, which RIDE never writes; the "
					+ "file is damaged, use an intact copy or retrain the model");
		}
	}

	/** The stored inverses must be inverses: sampling and inpainting use them, the self-test does not. */
	private static void checkInverse(ModelArchive a, String name, double[][] p, double[][] inv) throws ModelFileException {
		int n = p.length;
		double worst = 0;
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) {
				double s = 0;
				for (int k = 0; k < n; k++) s += p[i][k] * inv[k][j];
				double e = Math.abs(s - (i == j ? 1 : 0));
				if (!(e <= worst)) worst = Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
			}
		if (worst > INVERSE_TOLERANCE)
			throw new ModelFileException(Problem.BAD_ARRAY, a.source(), ModelJson.where(a) + ": 'whitening_" + name + "_inv' is "
				+ "not the inverse of 'whitening_" + name + "' (largest error of their product against the identity: " + worst
				+ "); the file is damaged, use an intact copy or retrain the model");
	}

	private static INDArray require(ModelArchive a, String name, DataType dtype, long... shape) throws ModelFileException {
		INDArray x = a.requireShape(name, shape);
		if (x.dataType() != dtype)
			throw new ModelFileException(Problem.DTYPE_MISMATCH, a.source(), ModelJson.where(a) + ": array '" + name + "' is "
				+ ModelArchives.dtypeName(x.dataType()) + " but RIDE stores it as " + ModelArchives.dtypeName(dtype)
				+ "; use the file as RIDE wrote it");
		return x;
	}

	private static Whitening whitening(ModelArchive a, RideConfig c) throws ModelFileException {
		long dIn = c.mask().numInputs(), dOut = c.numChannels();
		if (a.getInt("whitening.d_in") != dIn || a.getInt("whitening.d_out") != dOut)
			throw new ModelFileException(Problem.CONFIG_MISMATCH, a.source(), ModelJson.where(a) + ": the whitening maps "
				+ a.getInt("whitening.d_in") + " inputs to " + a.getInt("whitening.d_out") + " outputs but the config needs "
				+ dIn + " and " + dOut + "; use the file as RIDE wrote it");
		double[][] pOut = require(a, "whitening_pre_out", DataType.DOUBLE, dOut, dOut).toDoubleMatrix();
		double logJ = a.getDouble("whitening.log_jacobian"), check = logAbsDet(pOut);
		if (!(Math.abs(logJ - check) <= LOG_JACOBIAN_TOLERANCE * Math.max(1, Math.abs(check))))
			throw ModelJson.bad(a, "whitening.log_jacobian is " + logJ + " but log|det whitening_pre_out| is " + check);
		double[][] pIn = require(a, "whitening_pre_in", DataType.DOUBLE, dIn, dIn).toDoubleMatrix(),
			pInInv = require(a, "whitening_pre_in_inv", DataType.DOUBLE, dIn, dIn).toDoubleMatrix(),
			pOutInv = require(a, "whitening_pre_out_inv", DataType.DOUBLE, dOut, dOut).toDoubleMatrix();
		checkInverse(a, "pre_in", pIn, pInInv);
		checkInverse(a, "pre_out", pOut, pOutInv);
		try {
			// NB: the stored log_jacobian, not the recomputed one, keeps the round trip bit-exact.
			return new Whitening(require(a, "whitening_mean_in", DataType.DOUBLE, dIn).toDoubleVector(),
				require(a, "whitening_mean_out", DataType.DOUBLE, dOut).toDoubleVector(), pIn, pInInv, pOut, pOutInv,
				require(a, "whitening_predictor", DataType.DOUBLE, dOut, dIn).toDoubleMatrix(), logJ);
		} catch (IllegalArgumentException e) {
			throw badArray(a, "whitening_*", e);
		}
	}

	/** log|det A| by LU with partial pivoting (A is D×D, small). */
	static double logAbsDet(double[][] m) {
		int n = m.length;
		double[][] a = new double[n][];
		for (int i = 0; i < n; i++) a[i] = m[i].clone();
		double s = 0;
		for (int k = 0; k < n; k++) {
			int piv = k;
			for (int i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[piv][k])) piv = i;
			double[] t = a[k];
			a[k] = a[piv];
			a[piv] = t;
			s += Math.log(Math.abs(a[k][k]));
			for (int i = k + 1; i < n; i++) {
				double f = a[i][k] / a[k][k];
				for (int j = k; j < n; j++) a[i][j] -= f * a[k][j];
			}
		}
		return s;
	}

	private static Instant created(ModelArchive a) throws ModelFileException {
		String s = a.getString("created");
		try {
			return Instant.parse(s);
		} catch (DateTimeParseException e) {
			throw ModelJson.bad(a, "created is \"" + s + "\", not an ISO-8601 time such as 2025-03-01T12:00:00Z");
		}
	}

	private static ModelFileException badArray(ModelArchive a, String name, IllegalArgumentException e) {
		return new ModelFileException(Problem.BAD_ARRAY, a.source(), ModelJson.where(a) + ": array '" + name
			+ "' holds impossible values (" + e.getMessage() + "); the file is damaged, use an intact copy or retrain", e);
	}

	private static ModelFileException missing(ModelArchive a, String field, String why) {
		return new ModelFileException(Problem.MISSING_FIELD, a.source(), ModelJson.where(a) + " lacks the field '" + field
			+ "' (" + why + "); the file is damaged or not a RIDE model");
	}
}
