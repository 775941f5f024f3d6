package org.ride.core.slstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Both forget gates open and the input gate on: c_ij = 1 + c_left + c_top = 2^(i+j+1) − 1 overflows float after
 * 127 diagonals (and double after 1023), which once made large maps NaN (0·∞ in o·c). The clamp keeps every
 * state finite and leaves the states below the bound exact.
 */
class SlstmCellGrowthTest {

	@ParameterizedTest
	@EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
	void cellsThatDoubleEveryDiagonalStayFinite(DataType dt) {
		int rows = 120, cols = 1000; // 1118 diagonals: beyond float's and double's range unclamped
		SlstmLayer l = new SlstmLayer(new SlstmConfig(1, 2, false, Nonlinearity.TANH), dt, new Random(1));
		for (Gate g : Gate.values()) l.setWeights(g, Nd4j.zeros(dt, 2, l.config().inputSize()));
		l.setBias(Gate.G, Nd4j.valueArrayOf(new long[] {1, 2}, 40.0, dt)); // g = 1
		l.setBias(Gate.I, Nd4j.valueArrayOf(new long[] {1, 2}, 40.0, dt)); // ι = 1
		l.setBias(Gate.F_I, Nd4j.valueArrayOf(new long[] {1, 2}, 40.0, dt));
		l.setBias(Gate.F_J, Nd4j.valueArrayOf(new long[] {1, 2}, 40.0, dt));
		// unit 0: o = 1, h = tanh(c); unit 1: o = σ(−1000) ≈ 0, so h = tanh(o·c) needs a finite c (0·∞ is NaN)
		l.setBias(Gate.O, Nd4j.createFromArray(40.0, -1000.0).reshape(1, 2).castTo(dt));
		INDArray h = l.forward(Nd4j.zeros(dt, rows * cols, 1), 1, rows, cols);
		double[] v = h.castTo(DataType.DOUBLE).dup('c').data().asDouble();
		for (int n = 0; n < v.length; n++) assertTrue(Double.isFinite(v[n]), dt + ": h[" + n / 2 + "][" + n % 2 + "] = " + v[n]);
		assertEquals(Math.tanh(1), v[0], 1e-6, "first cell c = 1");
		assertEquals(Math.tanh(2), v[2], 1e-6, "second cell of the first row: c = 1 + c_left");
		// NB: the fast float tanh saturates at 1 − 2.4e-7 (FusedFloat), and its σ(−1000) is 1.2e-7, not 0
		assertEquals(1, v[v.length - 2], dt == DataType.FLOAT ? SlstmFastPathTest.TANH_TOL : 0, "far corner saturated");
		double[] c = l.lastRowState()[1].castTo(DataType.DOUBLE).dup('c').data().asDouble();
		assertEquals(FusedPass.CELL_BOUND, c[c.length - 2], 0, "far corner cell at the bound");
	}
}
