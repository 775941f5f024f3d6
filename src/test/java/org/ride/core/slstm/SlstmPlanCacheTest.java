package org.ride.core.slstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer keeps the plans (and output buffers) of a few small recent grid shapes, as inpainting cycles through
 * them, but never more than the two most recent of large ones; a kept plan gives the same result as a fresh one.
 */
class SlstmPlanCacheTest {

	private static INDArray input(int n, long seed) {
		return Nd4j.rand(DataType.DOUBLE, n, 3).subi(0.5).muli(new Random(seed).nextInt(3) + 1);
	}

	@Test
	void smallShapesKeepTheirPlansLargeOnesOnlyTheTwoMostRecent() {
		SlstmLayer l = new SlstmLayer(SlstmConfig.of(3, 4), DataType.DOUBLE, new Random(2));
		int[][] small = {{4, 5, 6}, {8, 3, 6}, {3, 5, 6}, {6, 3, 6}, {1, 20, 18}}; // batch, rows, cols
		INDArray[] x = new INDArray[small.length], first = new INDArray[small.length];
		double[][][] h = new double[small.length][][];
		for (int s = 0; s < small.length; s++) {
			x[s] = input(small[s][0] * small[s][1] * small[s][2], s);
			first[s] = l.forward(x[s], small[s][0], small[s][1], small[s][2]);
			h[s] = first[s].toDoubleMatrix();
		}
		for (int s = 0; s < small.length; s++) {
			INDArray again = l.forward(x[s], small[s][0], small[s][1], small[s][2]);
			assertSame(first[s], again, "shape " + s + " was rebuilt");
			assertArrayEquals(h[s], again.toDoubleMatrix(), "shape " + s);
		}
		// three large shapes: only the two most recent stay, and the small ones (least recently used) go first
		INDArray big = input(300 * 300, 9), wide = input(300 * 301, 10);
		INDArray bigH = l.forward(big, 1, 300, 300);
		l.forward(input(2 * 300 * 300, 11), 2, 300, 300);
		INDArray wideH = l.forward(wide, 1, 300, 301);
		assertSame(wideH, l.forward(wide, 1, 300, 301), "the most recent large plan");
		INDArray rebuilt = l.forward(x[0], small[0][0], small[0][1], small[0][2]);
		assertNotSame(first[0], rebuilt, "a small plan outlived a large one");
		assertArrayEquals(h[0], rebuilt.toDoubleMatrix(), "rebuilt plan");
		assertNotSame(bigH, l.forward(big, 1, 300, 300), "the third most recent large plan was kept");
	}
}
