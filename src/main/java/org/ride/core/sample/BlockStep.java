package org.ride.core.sample;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

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
 *   x̃  = P_in (x − μ_x)                              (GEMM)
 *   h^l, c^l = SLSTM_l(h^{l−1}, left, top)           ({@link SlstmStep} per layer)
 *   ỹ  ~ MCGSM(· | h^L) with the positions' noise    ({@link Mcgsm#sample(INDArray, INDArray, double[])})
 *   y  = P_out⁻¹ ỹ + W x̃ + μ_y, clip, write         (GEMM, then plain Java, {@link Canvas#write})
 * </pre>
 * About 30 ND4J calls per block whatever n is (plus log q if asked). All arrays are in the model's dtype.
 */
final class BlockStep {

	/** The state slices of one layer for one block, each [n, H] (views into the sampler's state store). */
	record LayerStates(INDArray hLeft, INDArray cLeft, INDArray hTop, INDArray cTop, INDArray hOut, INDArray cOut) {}

	private final Canvas canvas;
	private final Ride model;
	private final Whitening white;
	private final Mcgsm mcgsm;
	private final SlstmStep[] steps;
	private final DataType dt;
	private final int nin, dOut;
	private final double[] xJava, yJava;
	private final DataBuffer xBuf, xwBuf, yBuf;

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
		yJava = new double[maxRows * dOut];
		xBuf = Nd4j.createBuffer(dt, (long) maxRows * nin, true);
		xwBuf = Nd4j.createBuffer(dt, (long) maxRows * nin, true);
		yBuf = Nd4j.createBuffer(dt, (long) maxRows * dOut, true);
	}

	int numLayers() {
		return steps.length;
	}

	/** Samples positions k < n (b = pb[k], i = pi[k], j = pj[k]) given each layer's state slices. */
	void run(int n, int[] pb, int[] pi, int[] pj, LayerStates[] st) {
		canvas.gather(n, pb, pi, pj, xJava);
		put(xBuf, xJava, n * nin);
		INDArray x = Nd4j.create(xBuf, new long[] {n, nin}, new long[] {nin, 1}, 0, 'c', dt);
		INDArray xw = white.whitenInput(x.transpose(), fView(xwBuf, nin, n)); // [N_in, n] 'f'
		INDArray in = xw.transpose();
		for (int l = 0; l < steps.length; l++) {
			LayerStates s = st[l];
			steps[l].step(in, s.hLeft(), s.cLeft(), s.hTop(), s.cTop(), s.hOut(), s.cOut());
			in = s.hOut();
		}
		INDArray h = in.transpose(); // [H, n]
		double[] z = new double[n * dOut], u = new double[n];
		canvas.noise(n, pb, pi, pj, z, u);
		INDArray yw = mcgsm.sample(h, Nd4j.create(z, new long[] {dOut, n}, 'f'), u);
		if (canvas.logq != null) keepForLogq(n, pb, pi, pj, h, yw);
		INDArray y = fView(yBuf, dOut, n);
		white.unwhitenOutput(xw, yw.dataType() == dt ? yw : yw.castTo(dt), y);
		get(yBuf, yJava, n * dOut);
		canvas.write(n, pb, pi, pj, yJava);
	}

	// -- log q: the (h, ỹ) of sampled positions are kept and scored in ONE MCGSM call at the end, because a
	// call per wavefront step (each with another column count) costs far more than the arithmetic.
	private double[] keptH = new double[0], keptY = new double[0];
	private int[] keptImage = new int[0];
	private int kept;

	private void keepForLogq(int n, int[] pb, int[] pi, int[] pj, INDArray h, INDArray yw) {
		double[] hv = h.castTo(DataType.DOUBLE).dup('f').data().asDouble(); // column k = position k
		double[] yv = yw.castTo(DataType.DOUBLE).dup('f').data().asDouble();
		int hid = (int) h.rows();
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

	private INDArray fView(DataBuffer buf, long r, long c) {
		return Nd4j.create(buf, new long[] {r, c}, new long[] {1, r}, 0, 'f', dt);
	}

	/** Bulk copy into the start of a buffer of the model's dtype (no ND4J op). */
	private static void put(DataBuffer b, double[] v, int len) {
		if (b.dataType() == DataType.DOUBLE) {
			DoubleBuffer d = b.asNioDouble();
			d.put(v, 0, len);
		} else {
			FloatBuffer f = b.asNioFloat();
			for (int k = 0; k < len; k++) f.put(k, (float) v[k]);
		}
	}

	private static void get(DataBuffer b, double[] v, int len) {
		if (b.dataType() == DataType.DOUBLE) {
			b.asNioDouble().get(v, 0, len);
		} else {
			FloatBuffer f = b.asNioFloat();
			for (int k = 0; k < len; k++) v[k] = f.get(k);
		}
	}

	Ride model() {
		return model;
	}
}
