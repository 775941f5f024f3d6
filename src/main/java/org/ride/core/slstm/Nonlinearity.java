package org.ride.core.slstm;


/**
 * The layer nonlinearity φ (spec §5.2): applied to the candidate {@code g = φ(a_g)} and to the output
 * squashing {@code h = φ(o ⊙ c)}. Derivatives are written in terms of the output {@code y = φ(a)}, which is
 * what the backward pass keeps: tanh′ = 1 − y², σ′ = y(1 − y), relu′ = [y > 0].
 */
public enum Nonlinearity {
	/** φ = tanh (the default, Caffe "TanH"). */
	TANH,
	/** φ = max(0, ·) (Caffe "ReLU"); the derivative at 0 is taken as 0. */
	RELU,
	/** φ = 1 / (1 + e^−a) (Caffe "Sigmoid"). */
	SIGMOID;

	/** φ(a). */
	public double apply(double a) {
		switch (this) {
			case TANH: return Math.tanh(a);
			case RELU: return a > 0 ? a : 0;
			default: return 1 / (1 + Math.exp(-a));
		}
	}

	/** φ′(a) expressed through y = φ(a). */
	public double derivFromOutput(double y) {
		switch (this) {
			case TANH: return 1 - y * y;
			case RELU: return y > 0 ? 1 : 0;
			default: return y * (1 - y);
		}
	}
}
