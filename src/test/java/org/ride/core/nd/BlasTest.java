package org.ride.core.nd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The direct GEMM against Nd4j.gemm on every operand layout the engine uses: orders, offsets, views, vectors. */
class BlasTest {

	/** Ways to hold an r×c matrix: 'c', 'f', a transposed array, row and column ranges of a larger array. */
	private static List<Function<INDArray, INDArray>> layouts() {
		List<Function<INDArray, INDArray>> l = new ArrayList<>();
		l.add(v -> v.dup('c'));
		l.add(v -> v.dup('f'));
		l.add(v -> v.transpose().dup('c').transpose()); // 'f'-strided view of a 'c' array
		l.add(v -> { // rows [2, 2 + r) of a 'c' array: offset, leading dimension = c
			INDArray big = Nd4j.create(v.dataType(), new long[] {v.rows() + 5, v.columns()}, 'c');
			INDArray s = big.get(NDArrayIndex.interval(2, 2 + v.rows()), NDArrayIndex.all());
			s.assign(v);
			return s;
		});
		l.add(v -> { // rows of an 'f' array: leading dimension > r
			INDArray big = Nd4j.create(v.dataType(), new long[] {v.rows() + 4, v.columns()}, 'f');
			INDArray s = big.get(NDArrayIndex.interval(3, 3 + v.rows()), NDArrayIndex.all());
			s.assign(v);
			return s;
		});
		l.add(v -> { // columns of a 'c' array: leading dimension > c
			INDArray big = Nd4j.create(v.dataType(), new long[] {v.rows(), v.columns() + 3}, 'c');
			INDArray s = big.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 1 + v.columns()));
			s.assign(v);
			return s;
		});
		l.add(v -> { // an 'f' view at an offset into a raw buffer, as the wavefront plans make them
			long r = v.rows(), c = v.columns();
			org.nd4j.linalg.api.buffer.DataBuffer buf = Nd4j.createBuffer(v.dataType(), r * c + 7, true);
			INDArray s = Nd4j.create(buf, new long[] {r, c}, new long[] {1, r}, 7, 'f', v.dataType());
			s.assign(v);
			return s;
		});
		return l;
	}

	@Test
	void matchesNd4jGemmOnEveryLayout() {
		int[][] shapes = {{5, 4, 3}, {1, 6, 7}, {6, 1, 7}, {6, 7, 1}, {1, 1, 1}, {33, 17, 20}};
		for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE})
			for (int[] s : shapes)
				for (boolean ta : new boolean[] {false, true})
					for (boolean tb : new boolean[] {false, true}) {
						int m = s[0], k = s[1], n = s[2];
						INDArray a0 = Nd4j.rand(dt, ta ? k : m, ta ? m : k).subi(0.5);
						INDArray b0 = Nd4j.rand(dt, tb ? n : k, tb ? k : n).subi(0.5);
						INDArray c0 = Nd4j.rand(dt, m, n).subi(0.5);
						INDArray want = c0.dup('f');
						Nd4j.gemm(a0.dup('c'), b0.dup('c'), want, ta, tb, 0.7, 0.3);
						List<Function<INDArray, INDArray>> ls = layouts();
						for (int ia = 0; ia < ls.size(); ia++)
							for (int ib = 0; ib < ls.size(); ib++)
								for (int ic = 0; ic < ls.size(); ic++) {
									INDArray c = ls.get(ic).apply(c0);
									Blas.gemm(ls.get(ia).apply(a0), ls.get(ib).apply(b0), c, ta, tb, 0.7, 0.3);
									double tol = dt == DataType.FLOAT ? 1e-5 : 1e-13;
									assertArrayEquals(want.dup('c').data().asDouble(), c.dup('c').data().asDouble(), tol,
										dt + " " + m + "×" + k + "×" + n + " ta=" + ta + " tb=" + tb + ", layouts " + ia + ib + ic);
								}
					}
	}

	@Test
	void refusesShapesThatDoNotAgree() {
		INDArray a = Nd4j.rand(DataType.FLOAT, 3, 4), b = Nd4j.rand(DataType.FLOAT, 5, 2);
		assertThrows(IllegalArgumentException.class,
			() -> Blas.gemm(a, b, Nd4j.create(DataType.FLOAT, new long[] {3, 2}, 'f'), false, false, 1, 0));
	}

	/**
	 * A prepared GEMM computes with what its operands hold when it runs (the wavefront prepares its GEMMs once and
	 * the optimiser then updates the weights in place), and accumulates with β = 1.
	 */
	@Test
	void aPreparedGemmReadsTheOperandsWhenItRuns() {
		INDArray a = Nd4j.rand(DataType.FLOAT, 5, 3), b = Nd4j.rand(DataType.FLOAT, 3, 4);
		INDArray c = Nd4j.create(DataType.FLOAT, new long[] {5, 4}, 'f');
		Blas.Gemm g = Blas.prepare(a, b, c, false, false, 1.0, 1.0);
		b.muli(2); // in place, after preparing
		g.run();
		assertArrayEquals(flat(a.mmul(b)), flat(c), 1e-5f);
		a.addi(1);
		g.run(); // β = 1: c = a₀·2b + (a₀ + 1)·2b
		INDArray expected = a.sub(1).mmul(b).add(a.mmul(b));
		assertArrayEquals(flat(expected), flat(c), 1e-5f);
	}

	private static float[] flat(INDArray m) {
		return m.dup('c').data().asFloat();
	}
}
