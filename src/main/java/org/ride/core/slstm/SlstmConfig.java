package org.ride.core.slstm;

/**
 * Hyperparameters of one spatial LSTM layer (spec §5.1–5.3).
 *
 * @param inputDim     C_in, the size of x_ij (12 for layer 1 with gray nb 5, H for layers above)
 * @param numHiddens   H, the size of h_ij and c_ij (paper: 64)
 * @param extended     false: u = [x; h_left; h_top] (K = C_in + 2H); true: also [c_left; c_top] (K = C_in + 4H)
 * @param nonlinearity φ, used for the candidate g and the output squashing h = φ(o ⊙ c)
 */
public record SlstmConfig(int inputDim, int numHiddens, boolean extended, Nonlinearity nonlinearity) {

	public SlstmConfig {
		if (inputDim < 1)
			throw new IllegalArgumentException("inputDim (C_in) is " + inputDim + " but must be ≥ 1; pass the "
				+ "neighbourhood size (12 for gray nb 5) or H for a stacked layer");
		if (numHiddens < 1)
			throw new IllegalArgumentException("numHiddens (H) is " + numHiddens + " but must be ≥ 1; the paper uses 64");
		if (nonlinearity == null)
			throw new IllegalArgumentException("nonlinearity is null; pass Nonlinearity.TANH (the default)");
	}

	/** The paper's layer: plain variant, tanh. */
	public static SlstmConfig of(int inputDim, int numHiddens) {
		return new SlstmConfig(inputDim, numHiddens, false, Nonlinearity.TANH);
	}

	/** K, the length of the concatenated input u: C_in + 2H (plain) or C_in + 4H (extended). */
	public int inputSize() {
		return inputDim + (extended ? 4 : 2) * numHiddens;
	}

	/** The same layer settings with another input size (used for layers l > 1, C_in = H). */
	public SlstmConfig withInputDim(int newInputDim) {
		return new SlstmConfig(newInputDim, numHiddens, extended, nonlinearity);
	}
}
