package org.ride.core.sample;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where a {@link WavefrontSampler} may start when the grid rows above {@code row} hold no pixel to sample and their
 * LSTM states are already known (inpainting: those of the current state, which the proposal shares up there): the
 * wavefront then covers only rows ≥ {@code row}, continuing from the given states of row {@code row − 1} as a band
 * forward does from a handed-over top border ({@code SlstmStack.forward(…, top, …)}).
 *
 * @param row   the first grid row to compute, ≥ 1
 * @param above per LSTM layer {h, c} of grid row {@code row − 1}, each [B·C, H] with row b·C + j, e.g.
 *              {@code SlstmStack.lastRowStates()} after a forward over rows [0, row) of the same images
 */
public record StartRow(int row, INDArray[][] above) {

	public StartRow {
		if (row < 1) throw new IllegalArgumentException("the start row is " + row + "; rows above it must exist (≥ 1)");
	}

	/**
	 * Layer l's h (which = 0) or c (which = 1) of row − 1 as doubles, row-major [B·C, H]. NB: read in one bulk
	 * copy; a cast and a copy in ND4J allocate two buffers per call, 1.5 % of an inpainting sweep.
	 */
	double[] state(int l, int which) {
		INDArray a = above[l][which];
		if (a.isView() || a.ordering() != 'c') a = a.dup('c');
		int n = Math.toIntExact(a.length()), from = Math.toIntExact(a.offset());
		double[] v = new double[n];
		if (a.dataType() == DataType.DOUBLE) {
			a.data().asNioDouble().get(from, v, 0, n);
		} else {
			FloatBuffer f = a.data().asNioFloat();
			for (int e = 0; e < n; e++) v[e] = f.get(from + e);
		}
		return v;
	}
}
