package org.ride.core.model;

import org.ride.core.mcgsm.McgsmConfig;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.slstm.Nonlinearity;
import org.ride.core.slstm.SlstmConfig;

/**
 * The architecture of a RIDE model (spec §7.1): a causal window of {@code nbSize}, {@code numLayers}
 * spatial LSTM layers of {@code numHiddens} units, and a factorized MCGSM with {@code numComponents}
 * components, {@code numScales} scales and {@code numFeatures} features predicting the
 * {@code numChannels} channels of each pixel jointly. "RIDE a/b" = a layers of b units.
 * <p>
 * NB: {@code numLayers = 0} is the paper's baseline, the MCGSM on the whitened causal neighbourhood
 * (spec §8.7): the MCGSM then reads x̃ itself instead of an LSTM's hidden state, and everything else
 * (likelihood maps, sampling, inpainting, model files) works unchanged.
 */
public record RideConfig(int numChannels, int nbSize, int numHiddens, int numLayers, int numComponents,
	int numScales, int numFeatures, boolean extended, Nonlinearity nonlinearity) {

	public RideConfig {
		if (numChannels < 1) throw new IllegalArgumentException("num_channels is " + numChannels + "; it must be ≥ 1");
		if (numHiddens < 1) throw new IllegalArgumentException("num_hiddens is " + numHiddens + "; it must be ≥ 1");
		if (numLayers < 0 || numLayers > 8)
			throw new IllegalArgumentException("num_layers is " + numLayers + "; use 1 to 8 layers (0 = the MCGSM baseline)");
		if (nonlinearity == null) throw new IllegalArgumentException("nonlinearity is missing; use TANH (the paper's)");
		CausalMask mask = CausalMask.of(nbSize, numChannels); // validates nb_size with its own message
		new McgsmConfig(numLayers == 0 ? mask.numInputs() : numHiddens, numChannels, numComponents, numScales,
			numFeatures); // validates K, S, F
	}

	/** The paper's experiments: nb 5, 64 hidden units, 32 components, 4 scales, 32 features (RIDE L/64). */
	public static RideConfig paper(int numLayers) {
		return new RideConfig(1, 5, 64, numLayers, 32, 4, 32, false, Nonlinearity.TANH);
	}

	/** The MCGSM baseline (no LSTM) with the paper's RIDE mixture sizes. */
	public static RideConfig mcgsm(int nbSize) {
		return new RideConfig(1, nbSize, 64, 0, 32, 4, 32, false, Nonlinearity.TANH);
	}

	/** A small model for demos: RIDE 1/16 with 8 components. */
	public static RideConfig fast() {
		return new RideConfig(1, 5, 16, 1, 8, 4, 16, false, Nonlinearity.TANH);
	}

	/** A tiny model for tests. */
	public static RideConfig tiny() {
		return new RideConfig(1, 5, 6, 1, 3, 2, 4, false, Nonlinearity.TANH);
	}

	public CausalMask mask() {
		return CausalMask.of(nbSize, numChannels);
	}

	/** Layer 1 reads the whitened neighbourhood; layers above read the hidden state below. */
	public SlstmConfig slstmConfig() {
		return new SlstmConfig(mask().numInputs(), numHiddens, extended, nonlinearity);
	}

	/**
	 * The MCGSM reads the top layer's hidden state (or x̃ without layers) and predicts the whitened residual
	 * of all channels.
	 */
	public McgsmConfig mcgsmConfig() {
		return new McgsmConfig(numLayers == 0 ? mask().numInputs() : numHiddens, numChannels, numComponents, numScales,
			numFeatures);
	}

	public RideConfig withNumLayers(int layers) {
		return new RideConfig(numChannels, nbSize, numHiddens, layers, numComponents, numScales, numFeatures, extended,
			nonlinearity);
	}

	/** The same architecture for images of {@code channels} channels (all predicted jointly, spec §3.1, §6). */
	public RideConfig withNumChannels(int channels) {
		return new RideConfig(channels, nbSize, numHiddens, numLayers, numComponents, numScales, numFeatures, extended,
			nonlinearity);
	}

	/** "RIDE 1/64", or "MCGSM" without layers. */
	public String label() {
		return numLayers == 0 ? "MCGSM" : "RIDE " + numLayers + "/" + numHiddens;
	}
}
