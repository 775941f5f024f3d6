package org.ride.core.mcgsm;

/**
 * Hyperparameters of a factorized MCGSM (spec §6.1): input size {@code dimIn} (N_in), output size
 * {@code dimOut} (D), {@code numComponents} (K), {@code numScales} (S) and {@code numFeatures} (F).
 * <p>
 * As in cmt's constructor, {@code numFeatures == 0} means "as many features as inputs"; the canonical
 * constructor resolves it, so {@link #numFeatures()} is always ≥ 1.
 *
 * @param dimIn         N_in ≥ 1, rows of the input matrix X [N_in, N]
 * @param dimOut        D ≥ 1, rows of the output matrix Y [D, N]
 * @param numComponents K ≥ 1
 * @param numScales     S ≥ 1
 * @param numFeatures   F ≥ 1, or 0 for F = N_in
 */
public record McgsmConfig(int dimIn, int dimOut, int numComponents, int numScales, int numFeatures) {

	public McgsmConfig {
		// NB: dim_in = 0 (a plain mixture of GSMs, §6.8) is trained by other code in cmt and unused by RIDE.
		if (dimIn < 1)
			throw new IllegalArgumentException("MCGSM dimIn is " + dimIn + " but must be ≥ 1; pass the input size "
				+ "(e.g. 12 for a 5-pixel causal neighbourhood, or the number of LSTM hidden units)");
		if (dimOut < 1)
			throw new IllegalArgumentException("MCGSM dimOut is " + dimOut + " but must be ≥ 1 (1 for gray images, "
				+ "the number of channels for colour)");
		if (numComponents < 1)
			throw new IllegalArgumentException("MCGSM numComponents is " + numComponents + " but must be ≥ 1 "
				+ "(cmt's default is 8, RIDE uses 32)");
		if (numScales < 1)
			throw new IllegalArgumentException("MCGSM numScales is " + numScales + " but must be ≥ 1 "
				+ "(cmt's default is 6, RIDE uses 4)");
		if (numFeatures < 0)
			throw new IllegalArgumentException("MCGSM numFeatures is " + numFeatures + " but must be ≥ 1, "
				+ "or 0 for as many features as inputs (" + dimIn + ")");
		if (numFeatures == 0) numFeatures = dimIn;
	}

	/** Convenience for the common D = 1 case. */
	public static McgsmConfig of(int dimIn, int numComponents, int numScales, int numFeatures) {
		return new McgsmConfig(dimIn, 1, numComponents, numScales, numFeatures);
	}

	/** Number of free Cholesky entries, K·D(D+1)/2 − K (spec §6.4); 0 for D = 1. */
	public int numCholeskyParameters() {
		return numComponents * (dimOut * (dimOut + 1) / 2 - 1);
	}
}
