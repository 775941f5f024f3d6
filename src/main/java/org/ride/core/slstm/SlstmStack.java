package org.ride.core.slstm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A stack of spatial LSTM layers (spec §5.4): layer 1 reads x [B·R·C, C_in]; layer l > 1 reads h^{l−1}
 * [B·R·C, H] at the same position and has its own recurrences and parameters. Only the top layer's h is
 * returned (it feeds the MCGSM). {@link #backward} returns ∂L/∂x of the stack input, so image gradients are
 * possible; per-layer gradients are in {@link #layer(int)}{@code .gradients()} (training only the top layer
 * is the caller's choice of which arrays to update).
 */
public final class SlstmStack {

	private final List<SlstmLayer> layers;

	/**
	 * @param first     configuration of layer 1; layers above use the same H, variant and φ with C_in = H
	 * @param numLayers ≥ 0; an empty stack is the identity (h = x), which makes RIDE the MCGSM baseline
	 * @param rng       initialises the layers in order
	 */
	public SlstmStack(SlstmConfig first, int numLayers, DataType dt, Random rng) {
		if (numLayers < 0)
			throw new IllegalArgumentException("numLayers is " + numLayers + " but must be ≥ 0");
		List<SlstmLayer> ls = new ArrayList<>();
		for (int l = 0; l < numLayers; l++)
			ls.add(new SlstmLayer(l == 0 ? first : first.withInputDim(first.numHiddens()), dt, rng));
		layers = Collections.unmodifiableList(ls);
	}

	public int numLayers() {
		return layers.size();
	}

	/** Layer l, 0-based (0 reads the stack input). */
	public SlstmLayer layer(int l) {
		return layers.get(l);
	}

	/** Zero-border forward: x [B·R·C, C_in] → top h [B·R·C, H] (buffer owned by the top layer). */
	public INDArray forward(INDArray x, int batch, int rows, int cols) {
		INDArray h = x;
		for (SlstmLayer l : layers)
			h = l.forward(h, batch, rows, cols);
		return h;
	}

	/**
	 * Band forward: {@code top[l]} = {h, c} of layer l's row above the grid (each [B·C, H]), e.g. from the
	 * previous band's {@link #lastRowStates()}; null means zero borders for all layers.
	 */
	public INDArray forward(INDArray x, int batch, int rows, int cols, INDArray[][] top) {
		return forward(x, batch, rows, cols, top, true);
	}

	/**
	 * Band forward as above; {@code keepForBackward = false} is the forward-only mode of
	 * {@link SlstmLayer#forward(INDArray, int, int, int, INDArray, INDArray, boolean)} for every layer (likelihood
	 * maps: less memory, and {@link #backward} is refused until the next keeping forward).
	 */
	public INDArray forward(INDArray x, int batch, int rows, int cols, INDArray[][] top, boolean keepForBackward) {
		if (top != null && top.length != layers.size())
			throw new IllegalArgumentException("top border has " + top.length + " layers but the stack has "
				+ layers.size() + "; pass lastRowStates() of the same stack");
		INDArray h = x;
		for (int l = 0; l < layers.size(); l++)
			h = layers.get(l).forward(h, batch, rows, cols, top == null ? null : top[l][0], top == null ? null : top[l][1],
				keepForBackward);
		return h;
	}

	/**
	 * {@code workers} {@link BandForward}s for bands of {@code bandRows} rows of a grid {@code cols} wide, one per
	 * thread, ready for a new image (call this once per image, before its bands start); kept (as many as the most
	 * asked for) for the next call with the same shape (maps of a folder of equal images), like the layers' plans.
	 */
	public synchronized BandForward[] bandForwards(int workers, int bandRows, int cols) {
		BandForward[] b = bands;
		if (b == null || b.length < workers || b[0].bandRows() != bandRows || b[0].cols() != cols) {
			bands = null; // NB: the old ones' memory is free before the new ones take theirs
			b = new BandForward[workers];
			for (int w = 0; w < workers; w++)
				b[w] = new BandForward(this, bandRows, cols);
			bands = b;
		}
		for (BandForward f : b)
			f.restart(); // NB: a previous image's progress would let the bands below start too early
		return java.util.Arrays.copyOf(b, workers);
	}

	private BandForward[] bands;

	/** {h, c} of each layer's last grid row after the latest forward (new [B·C, H] arrays). */
	public INDArray[][] lastRowStates() {
		INDArray[][] s = new INDArray[layers.size()][];
		for (int l = 0; l < layers.size(); l++)
			s[l] = layers.get(l).lastRowState();
		return s;
	}

	/**
	 * Backward through all layers (top first): dh = ∂L/∂h_top [B·R·C, H]. Overwrites every layer's gradients.
	 *
	 * @return ∂L/∂x [B·R·C, C_in] of the stack input (view of a buffer owned by layer 1)
	 */
	public INDArray backward(INDArray dh) {
		INDArray d = dh;
		for (int l = layers.size() - 1; l >= 0; l--)
			d = layers.get(l).backward(d);
		return d;
	}

	/** Threads for every layer's parts (see {@link SlstmLayer#setThreads}); results never depend on it. */
	public void setThreads(int n) {
		for (SlstmLayer l : layers)
			l.setThreads(n);
	}

	/** Exact-math σ and tanh in every layer (see {@link SlstmLayer#setExactMath}). */
	public void setExactMath(boolean exact) {
		for (SlstmLayer l : layers)
			l.setExactMath(exact);
	}

	/** All layers' parameter arrays, layer 1 first (see {@link SlstmLayer#parameters()}). */
	public List<INDArray> parameters() {
		List<INDArray> p = new ArrayList<>();
		for (SlstmLayer l : layers)
			p.addAll(l.parameters());
		return p;
	}

	/** Gradient arrays matching {@link #parameters()}. */
	public List<INDArray> gradients() {
		List<INDArray> g = new ArrayList<>();
		for (SlstmLayer l : layers)
			g.addAll(l.gradients());
		return g;
	}
}
