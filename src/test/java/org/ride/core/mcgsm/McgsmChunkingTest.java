package org.ride.core.mcgsm;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The batched pass (blocks of {@link Gate#BLOCK} columns, chunks, parallel threads) against the same model
 * evaluated one sample at a time, and bit-identical results across runs and thread counts.
 */
class McgsmChunkingTest {

	/** Different summation orders in double; values are O(1–10). */
	private static final double SAMPLEWISE_TOL = 1e-11;

	@Test
	void blocksChunksAndThreadsMatchSampleBySample() {
		McgsmConfig c = new McgsmConfig(5, 2, 3, 2, 4);
		Mcgsm m = McgsmGradientTest.model(c, 31);
		Random rng = new Random(32);
		int n = 1301; // at most 600 per chunk: 4 chunks (an even number) of 326, 326, 326, 323 (blocks 256 + 70, 256 + 67)
		INDArray x = McgsmGradientTest.randn(c.dimIn(), n, rng), y = McgsmGradientTest.randn(c.dimOut(), n, rng);
		m.setChunkColumns(600);
		m.setThreads(2);
		McgsmResult all = m.evaluate(x, y, true, TrainFlags.ALL);
		double[] gradSum = new double[all.gradient().length];
		for (int j = 0; j < n; j++) {
			McgsmResult one = m.evaluate(x.getColumn(j, true), y.getColumn(j, true), true, TrainFlags.ALL);
			assertEquals(one.logLikelihood().getDouble(0), all.logLikelihood().getDouble(0, j), SAMPLEWISE_TOL, "log p " + j);
			for (int i = 0; i < c.dimIn(); i++)
				assertEquals(one.gradX().getDouble(i, 0), all.gradX().getDouble(i, j), SAMPLEWISE_TOL, "dx " + i + "," + j);
			for (int i = 0; i < c.dimOut(); i++)
				assertEquals(one.gradY().getDouble(i, 0), all.gradY().getDouble(i, j), SAMPLEWISE_TOL, "dy " + i + "," + j);
			for (int i = 0; i < gradSum.length; i++) gradSum[i] += one.gradient()[i] / n; // J is a mean over samples
		}
		assertArrayEquals(gradSum, all.gradient(), SAMPLEWISE_TOL);
	}

	@Test
	void evaluateIsBitIdenticalAcrossRunsAndThreadCounts() {
		for (DataType dt : new DataType[] { DataType.FLOAT, DataType.DOUBLE }) {
			McgsmConfig c = new McgsmConfig(12, 1, 8, 4, 12);
			Mcgsm m = new Mcgsm(McgsmGradientTest.model(c, 41).params().castTo(dt));
			Random rng = new Random(42);
			int n = 5000;
			INDArray x = McgsmGradientTest.randn(c.dimIn(), n, rng).castTo(dt);
			INDArray y = McgsmGradientTest.randn(c.dimOut(), n, rng).castTo(dt);
			m.setChunkColumns(700);
			m.setThreads(1);
			McgsmResult ref = m.evaluate(x, y, true, TrainFlags.DEFAULT);
			// copied: the data gradients are the model's buffers, which the next calls overwrite (and must then
			// hold the new results whatever they held before)
			double[] refX = Derived.rowMajor(ref.gradX()), refY = Derived.rowMajor(ref.gradY());
			for (int threads : new int[] { 2, 3, 2 }) {
				m.setThreads(threads);
				McgsmResult r = m.evaluate(x, y, true, TrainFlags.DEFAULT);
				String what = dt + ", " + threads + " threads";
				assertArrayEquals(ref.logLikelihood().toDoubleVector(), r.logLikelihood().toDoubleVector(), 0, what);
				assertArrayEquals(refX, Derived.rowMajor(r.gradX()), 0, what);
				assertArrayEquals(refY, Derived.rowMajor(r.gradY()), 0, what);
				assertEquals(ref.objective(), r.objective(), 0, what);
				assertArrayEquals(ref.gradient(), r.gradient(), 0, what);
			}
		}
	}
}
