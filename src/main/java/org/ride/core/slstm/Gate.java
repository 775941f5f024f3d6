package org.ride.core.slstm;

/**
 * The five gates of a spatial LSTM layer (spec §5.2–5.3), in the order of their H-column blocks inside
 * the fused gate matrix of {@link SlstmLayer}: {@code [g | ι | f_i | f_j | o]}, i.e. the spec's listing
 * order W_g, W_i, W_f_i, W_f_j, W_o. All but {@link #G} use the logistic sigmoid; G uses φ.
 * NB: {@link #F_J} gates the LEFT memory c_{i,j−1}, {@link #F_I} the TOP memory c_{i−1,j} (pitfall 2).
 */
public enum Gate {
	/** candidate g = φ(W_g u + b_g) */
	G("W_g", "b_g"),
	/** input gate ι */
	I("W_i", "b_i"),
	/** forget gate of the top memory c_{i−1,j} */
	F_I("W_f_i", "b_f_i"),
	/** forget gate of the left memory c_{i,j−1} */
	F_J("W_f_j", "b_f_j"),
	/** output gate o */
	O("W_o", "b_o");

	/** spec name of the weight matrix, e.g. "W_f_j" */
	public final String weightName;
	/** spec name of the bias vector, e.g. "b_f_j" */
	public final String biasName;

	Gate(String weightName, String biasName) {
		this.weightName = weightName;
		this.biasName = biasName;
	}
}
