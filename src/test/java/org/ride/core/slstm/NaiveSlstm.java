package org.ride.core.slstm;

/**
 * Reference spatial LSTM: spec §5.2 written literally, one position at a time in raster order, in doubles.
 * Parameters are read through the spec-layout getters of an {@link SlstmLayer}.
 */
final class NaiveSlstm {

	final double[][][] w = new double[5][][]; // per gate, H × K
	final double[][] b = new double[5][];
	final SlstmConfig cfg;

	NaiveSlstm(SlstmLayer layer) {
		cfg = layer.config();
		for (Gate g : Gate.values()) {
			w[g.ordinal()] = layer.getWeights(g).toDoubleMatrix();
			b[g.ordinal()] = layer.getBias(g).toDoubleVector();
		}
	}

	/**
	 * @param x    [B·R·C][C_in], natural order
	 * @param topH [B·C][H] state of the row above the grid, or null for zeros (same for topC)
	 * @return {h, c}, each [B·R·C][H]
	 */
	double[][][] forward(double[][] x, int batch, int rows, int cols, double[][] topH, double[][] topC) {
		int hid = cfg.numHiddens(), cin = cfg.inputDim(), n = batch * rows * cols;
		double[][] h = new double[n][hid], c = new double[n][hid];
		double[] zero = new double[hid];
		Nonlinearity phi = cfg.nonlinearity();
		for (int bb = 0; bb < batch; bb++)
			for (int i = 0; i < rows; i++)
				for (int j = 0; j < cols; j++) {
					int at = (bb * rows + i) * cols + j;
					double[] hl = j > 0 ? h[at - 1] : zero, cl = j > 0 ? c[at - 1] : zero;
					double[] ht = i > 0 ? h[at - cols] : topH != null ? topH[bb * cols + j] : zero;
					double[] ct = i > 0 ? c[at - cols] : topC != null ? topC[bb * cols + j] : zero;
					double[] u = new double[cfg.inputSize()];
					System.arraycopy(x[at], 0, u, 0, cin);
					System.arraycopy(hl, 0, u, cin, hid);
					System.arraycopy(ht, 0, u, cin + hid, hid);
					if (cfg.extended()) {
						System.arraycopy(cl, 0, u, cin + 2 * hid, hid);
						System.arraycopy(ct, 0, u, cin + 3 * hid, hid);
					}
					for (int r = 0; r < hid; r++) {
						double g = phi.apply(affine(Gate.G, r, u));
						double in = sigmoid(affine(Gate.I, r, u));
						double fi = sigmoid(affine(Gate.F_I, r, u));
						double fj = sigmoid(affine(Gate.F_J, r, u));
						double o = sigmoid(affine(Gate.O, r, u));
						c[at][r] = in * g + fj * cl[r] + fi * ct[r];
						h[at][r] = phi.apply(o * c[at][r]);
					}
				}
		return new double[][][] {h, c};
	}

	private double affine(Gate g, int r, double[] u) {
		double[] row = w[g.ordinal()][r];
		double s = b[g.ordinal()][r];
		for (int k = 0; k < u.length; k++)
			s += row[k] * u[k];
		return s;
	}

	private static double sigmoid(double a) {
		return 1 / (1 + Math.exp(-a));
	}
}
