package org.ride.core.sample;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.mcgsm.Mcgsm;
import org.ride.core.model.Ride;
import org.ride.core.slstm.SlstmStep;
import org.ride.core.whitening.Whitening;

/**
 * The per-position sampling pipeline of spec §7.7 for a block of n positions whose left and top LSTM states are
 * already known — the ONE implementation both samplers use:
 * <pre>
 *   x  = neighbourhood from the current image       (plain Java, {@link Canvas#gather})
 *   x̃  = P_in x − P_in μ_x                           (plain Java, double: N_in² per position)
 *   h^l, c^l = SLSTM_l(h^{l−1}, left, top)           ({@link SlstmStep} per layer)
 *   ỹ  ~ MCGSM(· | h^L) with the positions' noise    ({@link Mcgsm#sampleColumns})
 *   y  = P_out⁻¹ ỹ + W x̃ + μ_y, clip, write         (plain Java, double, {@link Canvas#write})
 * </pre>
 * NB: the whitening maps run in Java because N_in (12 for nb 5) and D are tiny, so each ND4J call would cost
 * more than its arithmetic; x̃ is rounded to the model's dtype only where the LSTM reads it. About 4 + 3·layers
 * ND4J calls per block whatever n is. All ND4J arrays are in the model's dtype.
 */
final class BlockStep {

	/** The state slices of one layer for one block, each [n, H] (views into the sampler's state store). */
	record LayerStates(INDArray hLeft, INDArray cLeft, INDArray hTop, INDArray cTop, INDArray hOut, INDArray cOut) {}

	private Canvas canvas;
	private final Ride model;
	private final Whitening white;
	private final Mcgsm mcgsm;
	private final SlstmStep[] steps;
	private final DataType dt;
	private final int nin, dOut;
	private final double[] xJava, xwJava, yJava, zJava, uJava, hJava;
	private final double[] pIn, pInMu, pOutInv, wOut, muY; // row-major [N_in, N_in], [N_in], [D, D], [D, N_in], [D]
	private final DataBuffer xwBuf; // x̃ in the model's dtype
	private final Map<Integer, INDArray> xwViews = new HashMap<>();
	/**
	 * Transposed views of the last layer's output slices, by identity. NB: the state store keeps each slice view,
	 * so these repeat too, and a transpose is an ND4J call (a new shape buffer) per block otherwise.
	 */
	private final Map<INDArray, INDArray> transposes = new java.util.IdentityHashMap<>();

	BlockStep(Ride model, Canvas canvas, int maxRows) {
		if (!model.hasWhitening()) throw new IllegalStateException(
			"the model has no whitening yet; train it (or load a trained model) before sampling");
		this.canvas = canvas;
		this.model = model;
		white = model.whitening();
		mcgsm = model.mcgsm();
		dt = model.dataType();
		nin = canvas.numInputs();
		dOut = canvas.channels;
		steps = new SlstmStep[model.lstm().numLayers()];
		for (int l = 0; l < steps.length; l++) steps[l] = new SlstmStep(model.lstm().layer(l), maxRows);
		xJava = new double[maxRows * nin];
		xwJava = new double[maxRows * nin];
		yJava = new double[maxRows * dOut];
		zJava = new double[maxRows * dOut];
		uJava = new double[maxRows];
		hJava = new double[maxRows * model.config().numHiddens()];
		xwBuf = Nd4j.createBuffer(dt, (long) maxRows * nin, true);
		pIn = flat(white.pIn());
		pInMu = mul(pIn, white.meanIn(), nin);
		pOutInv = flat(white.pOutInv());
		wOut = flat(white.w());
		muY = white.meanOut();
	}

	private static double[] flat(double[][] a) {
		int c = a[0].length;
		double[] f = new double[a.length * c];
		for (int r = 0; r < a.length; r++) System.arraycopy(a[r], 0, f, r * c, c);
		return f;
	}

	private static double[] mul(double[] m, double[] v, int rows) {
		double[] out = new double[rows];
		for (int r = 0; r < rows; r++)
			for (int c = 0; c < v.length; c++) out[r] += m[r * v.length + c] * v[c];
		return out;
	}

	/** Points this engine at another canvas of the same shape (engines are reused across calls). */
	void use(Canvas c) {
		canvas = c;
		kept = 0; // NB: a cancelled call may have left entries behind
	}

	int numLayers() {
		return steps.length;
	}

	/** Samples positions k < n (b = pb[k], i = pi[k], j = pj[k]) given each layer's state slices. */
	void run(int n, int[] pb, int[] pi, int[] pj, LayerStates[] st) {
		canvas.gather(n, pb, pi, pj, xJava);
		whiten(n);
		INDArray in = xwViews.computeIfAbsent(n, k -> Nd4j.create(xwBuf, new long[] {k, nin}, new long[] {nin, 1}, 0,
			'c', dt)); // [n, N_in]
		for (int l = 0; l < steps.length; l++) {
			LayerStates s = st[l];
			steps[l].step(in, s.hLeft(), s.cLeft(), s.hTop(), s.cTop(), s.hOut(), s.cOut());
			in = s.hOut();
		}
		INDArray h = transposes.computeIfAbsent(in, INDArray::transpose); // [H, n]
		canvas.noise(n, pb, pi, pj, zJava, uJava);
		double[] ywJava = mcgsm.sampleColumns(h, java.util.Arrays.copyOf(zJava, n * dOut),
			java.util.Arrays.copyOf(uJava, n)); // [D, n] column-major: column k = position k
		if (canvas.logq != null) keepForLogq(n, pb, pi, pj, in, ywJava);
		unwhiten(n, ywJava);
		canvas.write(n, pb, pi, pj, yJava);
	}

	/** x̃ = P_in x − P_in μ_x per position (rows of xJava), into xwJava and the LSTM's input buffer. */
	private void whiten(int n) {
		for (int k = 0; k < n; k++)
			for (int r = 0, at = k * nin; r < nin; r++) {
				double acc = -pInMu[r];
				for (int c = 0, pr = r * nin; c < nin; c++) acc += pIn[pr + c] * xJava[at + c];
				xwJava[at + r] = acc;
			}
		put(xwBuf, xwJava, n * nin);
	}

	/** y = P_out⁻¹ ỹ + W x̃ + μ_y per position, into yJava (column-major [D, n]). */
	private void unwhiten(int n, double[] yw) {
		for (int k = 0; k < n; k++)
			for (int r = 0; r < dOut; r++) {
				double acc = muY[r];
				for (int e = 0; e < dOut; e++) acc += pOutInv[r * dOut + e] * yw[k * dOut + e];
				for (int c = 0, at = k * nin; c < nin; c++) acc += wOut[r * nin + c] * xwJava[at + c];
				yJava[k * dOut + r] = acc;
			}
	}

	// -- log q: the (h, ỹ) of sampled positions are kept and scored in ONE MCGSM call at the end, because a
	// call per wavefront step (each with another column count) costs far more than the arithmetic.
	private double[] keptH = new double[0], keptY = new double[0];
	private int[] keptImage = new int[0];
	private int kept;

	/** h: the last layer's output [n, H] (a view of the state store), yv: ỹ column-major [D, n]. */
	private void keepForLogq(int n, int[] pb, int[] pi, int[] pj, INDArray h, double[] yv) {
		int hid = (int) h.columns();
		double[] hv = hJava;
		get(h, n, hid, hv); // row k = position k
		for (int k = 0; k < n; k++) {
			if (!canvas.sampled(pb[k], pi[k], pj[k])) continue;
			if (kept == keptImage.length) {
				int cap = Math.max(64, 2 * kept);
				keptH = java.util.Arrays.copyOf(keptH, cap * hid);
				keptY = java.util.Arrays.copyOf(keptY, cap * dOut);
				keptImage = java.util.Arrays.copyOf(keptImage, cap);
			}
			System.arraycopy(hv, k * hid, keptH, kept * hid, hid);
			System.arraycopy(yv, k * dOut, keptY, kept * dOut, dOut);
			keptImage[kept++] = pb[k];
		}
	}

	/** Adds log MCGSM(ỹ|h) of every kept position to its image's log q (no-op without log q). */
	void finishLogq() {
		if (canvas.logq == null || kept == 0) return;
		int hid = keptH.length / keptImage.length;
		INDArray h = Nd4j.create(java.util.Arrays.copyOf(keptH, kept * hid), new long[] { hid, kept }, 'f').castTo(dt);
		INDArray y = Nd4j.create(java.util.Arrays.copyOf(keptY, kept * dOut), new long[] { dOut, kept }, 'f').castTo(dt);
		double[] ll = mcgsm.logLikelihood(h, y).castTo(DataType.DOUBLE).dup('c').data().asDouble();
		for (int k = 0; k < kept; k++) canvas.logq[keptImage[k]] += ll[k];
		kept = 0;
	}

	/** Bulk copy into the start of a buffer of the model's dtype (no ND4J op). */
	private static void put(DataBuffer b, double[] v, int len) {
		if (b.dataType() == DataType.DOUBLE) {
			b.asNioDouble().put(0, v, 0, len);
		} else {
			FloatBuffer f = b.asNioFloat();
			for (int k = 0; k < len; k++) f.put(k, (float) v[k]);
		}
	}

	/**
	 * The [n, cols] view {@code a} row-major into v (no ND4J op). NB: asNio* spans the whole underlying buffer,
	 * so element (r, c) sits at offset() + r·stride(0) + c·stride(1).
	 */
	private static void get(INDArray a, int n, int cols, double[] v) {
		int o = (int) a.offset(), s0 = (int) a.stride(0), s1 = (int) a.stride(1);
		if (a.dataType() == DataType.DOUBLE) {
			DoubleBuffer d = a.data().asNioDouble();
			for (int r = 0; r < n; r++)
				for (int c = 0; c < cols; c++) v[r * cols + c] = d.get(o + r * s0 + c * s1);
		} else {
			FloatBuffer f = a.data().asNioFloat();
			for (int r = 0; r < n; r++)
				for (int c = 0; c < cols; c++) v[r * cols + c] = f.get(o + r * s0 + c * s1);
		}
	}

	Ride model() {
		return model;
	}
}
