package org.ride.core.model;

import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ride.core.mcgsm.Mcgsm;
import org.ride.core.mcgsm.McgsmResult;
import org.ride.core.mcgsm.TrainFlags;
import org.ride.core.nd.Chunks;
import org.ride.core.nd.NdInit;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.slstm.SlstmStack;
import org.ride.core.whitening.Whitening;

/**
 * The Recurrent Image Density Estimator (spec §7, Appendix B). For the pixel y at the output position
 * of grid position (i,j):
 * <pre>
 *   x  = causal neighbourhood of (i,j)          x̃ = P_in (x − μ_x)
 *   h  = SLSTM stack over the grid of x̃        ỹ = P_out (y − μ_y − W x̃)
 *   log p(y | past) = log MCGSM(ỹ | h) + log|det P_out|
 * </pre>
 * The LSTM and the MCGSM compute in one dtype (FLOAT in use, DOUBLE in gradient checks); the whitening is fitted once (first training call) and then
 * frozen. Grid data are rows in natural order n = (b·R + i)·C + j (see docs/architecture.md).
 * <p>
 * Not thread-safe: the LSTM and MCGSM reuse their work buffers between calls.
 */
public final class Ride {

	private final RideConfig config;
	private final DataType dtype;
	private final CausalMask mask;
	private Whitening whitening;
	private SlstmStack lstm;
	private Mcgsm mcgsm;
	private int threads = Chunks.DEFAULT_THREADS;

	/**
	 * A randomly initialised model (§5.3, §6.1 constructor init); the whitening is fitted by training.
	 * {@code dtype} is what the LSTM and MCGSM compute in: FLOAT for use, DOUBLE for gradient checks.
	 */
	public Ride(RideConfig config, DataType dtype, Random rng) {
		this(config, null, new SlstmStack(config.slstmConfig(), config.numLayers(), dtype, rng),
			new Mcgsm(config.mcgsmConfig(), dtype, rng));
	}

	/** Assembles a model from its parts (model files); {@code whitening} may be null if not fitted yet. */
	public Ride(RideConfig config, Whitening whitening, SlstmStack lstm, Mcgsm mcgsm) {
		NdInit.ensure();
		this.config = config;
		this.mask = config.mask();
		this.dtype = mcgsm.params().dataType();
		if (lstm.numLayers() != config.numLayers())
			throw new IllegalArgumentException("the LSTM has " + lstm.numLayers() + " layers but the config says "
				+ config.numLayers());
		if (!mcgsm.config().equals(config.mcgsmConfig()))
			throw new IllegalArgumentException("the MCGSM is " + mcgsm.config() + " but the config needs "
				+ config.mcgsmConfig());
		this.whitening = whitening;
		this.lstm = lstm;
		this.mcgsm = mcgsm;
		if (whitening != null) checkWhitening(whitening);
	}

	public RideConfig config() { return config; }

	/** What the LSTM and MCGSM compute in (neighbourhoods should be extracted in it too). */
	public DataType dataType() { return dtype; }

	public CausalMask mask() { return mask; }

	public SlstmStack lstm() { return lstm; }

	public Mcgsm mcgsm() { return mcgsm; }

	/**
	 * Number of threads the LSTM and the MCGSM split their work over (default: one per processor). Every
	 * result is bit-identical for any thread count: the work is partitioned by shape alone.
	 */
	public void setThreads(int n) {
		lstm.setThreads(n);
		mcgsm.setThreads(n);
		threads = n;
	}

	/** The thread count set by {@link #setThreads} (samplers split their batch over as many). */
	public int threads() { return threads; }

	/**
	 * Exact maths (accuracy checks; slower) instead of the fast forms, in both parts: σ and tanh in the LSTM
	 * (see {@code SlstmLayer#setExactMath}) and the exponentials of the MCGSM's gate ({@link Mcgsm#setExactMath}).
	 */
	public void setExactMath(boolean exact) {
		lstm.setExactMath(exact);
		mcgsm.setExactMath(exact);
	}

	/** The fitted whitening, or null before the first training call. */
	public Whitening whitening() { return whitening; }

	public boolean hasWhitening() { return whitening != null; }

	/** Sets the (frozen) whitening, e.g. fitted by the trainer or read from a model file. */
	public void setWhitening(Whitening w) {
		checkWhitening(w);
		whitening = w;
	}

	private void checkWhitening(Whitening w) {
		if (w.dimIn() != mask.numInputs() || w.dimOut() != mask.numChannels())
			throw new IllegalArgumentException("the whitening maps " + w.dimIn() + " inputs to " + w.dimOut()
				+ " outputs but this model's mask has " + mask.numInputs() + " inputs and " + mask.numChannels()
				+ " channels");
	}

	private Whitening requireWhitening() {
		if (whitening == null) throw new IllegalStateException(
			"the model has no whitening yet; train it (or load a trained model) before evaluating or sampling");
		return whitening;
	}

	/** log|det P_out| in nats: the constant every pixel's log-likelihood gains in original units (§4.2). */
	public double logJacobian() {
		return requireWhitening().logJacobian();
	}

	/**
	 * {@link #logJacobian()} in bits per pixel and channel: a training loss (NLL of the whitened data, {@link Loss})
	 * minus this is the NLL of the pixels themselves, the units of held-out scores, maps and evaluations.
	 */
	public double logJacobianBits() {
		return logJacobian() / Math.log(2) / config.numChannels();
	}

	/**
	 * spec §7.1 {@code add_layer}: one more LSTM layer (random init, existing layers kept) and a freshly
	 * initialised MCGSM (pitfall 13).
	 */
	public Ride withAddedLayer(Random rng) {
		RideConfig c = config.withNumLayers(config.numLayers() + 1);
		SlstmStack grown = new SlstmStack(c.slstmConfig(), c.numLayers(), dtype, rng);
		for (int l = 0; l < lstm.numLayers(); l++) {
			List<INDArray> from = lstm.layer(l).parameters(), to = grown.layer(l).parameters();
			for (int a = 0; a < from.size(); a++) to.get(a).assign(from.get(a));
		}
		return new Ride(c, whitening, grown, new Mcgsm(c.mcgsmConfig(), dtype, rng));
	}

	// -- grid data --

	/**
	 * Whitened grid data of B equally sized images: x̃ rows [M, N_in] (LSTM input) and ỹ [C, M] (MCGSM
	 * target), M = B·R·C.
	 */
	public record Grid(INDArray x, INDArray y, int batch, int rows, int cols) {
		public long size() { return (long) batch * rows * cols; }
	}

	/** Whitens extracted neighbourhoods (§7.2, §7.3 steps 1–2). */
	public Grid whiten(Neighbourhoods nb) {
		return whiten(nb, null, null);
	}

	/**
	 * As {@link #whiten(Neighbourhoods)}, into x̃ [N_in, M] and ỹ [C, M] of the model's dtype: the caller's buffers,
	 * reused from call to call (each allocated if null).
	 */
	public Grid whiten(Neighbourhoods nb, INDArray xOut, INDArray yOut) {
		Whitening w = requireWhitening();
		INDArray xw = w.whitenInput(nb.inputs().transpose(), xOut); // [N_in, M] 'f'
		INDArray yw = w.whitenOutput(xw, nb.outputs().transpose(), yOut); // [C, M]
		return new Grid(xw.transpose(), yw, nb.numImages(), nb.gridRows(), nb.gridCols());
	}

	/**
	 * Top-layer hidden states [M, H] (a buffer owned by the LSTM, valid until its next call).
	 * {@code keepForBackward = false} skips the activations a backward pass would need (less memory, faster).
	 */
	public INDArray hiddenStates(Grid g, boolean keepForBackward) {
		return lstm.forward(g.x(), g.batch(), g.rows(), g.cols(), null, keepForBackward);
	}

	/** log p(y|past) in nats for every grid position, [1, M], Jacobian included (§7.3). */
	public INDArray logLikelihood(Grid g) {
		INDArray h = hiddenStates(g, false);
		return mcgsm.logLikelihood(h.transpose(), g.y()).addi(logJacobian());
	}

	// -- training objective --

	/**
	 * The objective of one minibatch (§7.4.5): f = −(1/M) Σ log MCGSM(ỹ|h) in nats per pixel, without the
	 * Jacobian. Leaves ∂f/∂θ of every LSTM layer in {@code lstm().gradients()} (if {@code trainLstm}) and
	 * returns ∂f/∂θ_MCGSM in the flat layout of {@code flags} (cmt's gradient × ln2·D, pitfall 10).
	 */
	public Loss lossAndGradient(Grid g, TrainFlags flags, boolean trainLstm) {
		INDArray h = hiddenStates(g, trainLstm); // [M, H]
		McgsmResult r = mcgsm.evaluate(h.transpose(), g.y(), trainLstm, flags);
		int d = config.numChannels();
		double scale = Math.log(2) * d; // J (bits/dim) → f (nats/pixel)
		double[] grad = r.gradient();
		if (grad != null) for (int k = 0; k < grad.length; k++) grad[k] *= scale;
		if (trainLstm) {
			// ∂f/∂h = −(1/M) ∂log p/∂h ; the LSTM sums over batch and positions (pitfall 10)
			// NB: scaled in place in the MCGSM's buffer (ours until its next call), whose transpose of the 'f'
			// [H, M] is the [M, H] the LSTM reads: a copy, a cast and a 'c' copy of 9 MB each were 8 % of a step
			lstm.backward(r.gradX().muli(-1.0 / g.size()).transpose());
		}
		return new Loss(r.objective() * scale, grad);
	}

	/** f in nats per pixel (no Jacobian) and the MCGSM gradient (flat, may be null). */
	public record Loss(double nats, double[] mcgsmGradient) {
		public double bitsPerPixel(int channels) { return nats / Math.log(2) / channels; }
	}

	// -- image gradient --

	/**
	 * spec §7.6 {@code gradient(image)}: f = the mean MCGSM log-likelihood per reachable pixel in nats
	 * (without the constant Jacobian) and ∂f/∂image, through the MCGSM, all LSTM layers and the whitening
	 * (§4.2 gradient adjustment), scattered back onto the pixels (overlapping windows sum). Used by MAP
	 * inpainting. Overwrites the LSTM's gradient arrays.
	 *
	 * @param image [(c·H + y)·W + x] in data units, not modified
	 */
	public ImageGradient imageGradient(float[] image, int width, int height) {
		Whitening w = requireWhitening();
		Neighbourhoods nb = Neighbourhoods.grid(image, width, height, mask, dtype);
		Grid g = whiten(nb);
		INDArray h = hiddenStates(g, true);
		McgsmResult r = mcgsm.evaluate(h.transpose(), g.y(), true, null);
		double m = g.size();
		// NB: scaled in place (the MCGSM's buffers, ours until its next call), see lossAndGradient
		INDArray dxWhite = lstm.backward(r.gradX().divi(m).transpose()); // [M, N_in]
		Whitening.Pair raw = w.adjustGradient(dxWhite.transpose(), r.gradY().divi(m)); // [N_in, M], [C, M]
		double[] grad = Neighbourhoods.scatter(raw.x().transpose(), raw.y().transpose(), width, height, mask);
		return new ImageGradient(r.logLikelihood().sumNumber().doubleValue() / m, grad);
	}

	/** f (nats per reachable pixel, no Jacobian) and ∂f/∂pixel, [(c·H + y)·W + x]. */
	public record ImageGradient(double meanLogLikelihood, double[] gradient) {}
}
