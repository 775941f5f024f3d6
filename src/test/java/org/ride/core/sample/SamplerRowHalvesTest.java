package org.ride.core.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.model.Ride;
import org.ride.core.nd.Chunks;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

/**
 * One image: the wavefront steps' row halves (WavefrontSampler.halves) give bit-identical samples and log q for 1
 * and 2 threads, equal to the raster reference; and {@link Chunks#lockstep} orders steps and passes failures on.
 */
class SamplerRowHalvesTest {

	@Test
	void rowHalvesGiveTheSameSampleForOneAndTwoThreads() {
		int w = 70, h = 30; // grid 66 × 28 for nb 5 (a = 3): the middle steps have 22 ≥ SPLIT_MIN positions
		assertTrue(Math.min(h - 2, (w - 4) / 3) >= WavefrontSampler.SPLIT_MIN, "the test must split steps");
		for (boolean extended : new boolean[] {false, true}) {
			Ride model = SamplingFixtures.model(SamplingFixtures.config(2, extended), DataType.FLOAT, 71);
			List<float[]> init = SamplingFixtures.images(1, w, h, 72);
			SampleOptions o = SampleOptions.of(73).withLogq(true);
			WavefrontSampler sampler = new WavefrontSampler();
			Samples ref = null;
			for (int threads : new int[] {1, 2, 1, 2, 2}) {
				model.setThreads(threads);
				Samples s = sampler.draw(model, init, w, h, o, Progress.NONE, CancelToken.NONE);
				if (ref == null) ref = s;
				assertArrayEquals(ref.images()[0], s.images()[0], 0, threads + " threads");
				assertArrayEquals(ref.logq(), s.logq(), 0, threads + " threads, log q");
			}
			Samples raster = RasterSampler.sample(model, init, w, h, o, Progress.NONE, CancelToken.NONE);
			for (int k = 0; k < raster.images()[0].length; k++) // f32: same operations, other GEMM row counts
				assertEquals(raster.images()[0][k], ref.images()[0][k], 1e-3 * Math.max(1, Math.abs(raster.images()[0][k])),
					"raster reference, px " + k);
			assertEquals(raster.logq()[0], ref.logq()[0], 1e-3 * Math.abs(raster.logq()[0]), "log q");
		}
	}

	@Test
	void lockstepRunsEveryPartOfAStepBeforeTheNext() {
		for (int workers : new int[] {1, 2}) {
			int steps = 500;
			int[] seen = new int[2 * steps];
			AtomicInteger finished = new AtomicInteger(); // parts done, checked against the step being prepared
			Chunks.lockstep(steps, workers, s -> assertEquals(2 * s, finished.get(), "step " + s + " prepared early"),
				(p, s) -> {
					seen[2 * s + p]++;
					finished.incrementAndGet();
				});
			for (int c = 0; c < seen.length; c++) assertEquals(1, seen[c], workers + " workers, part " + c);
		}
	}

	@Test
	void lockstepPassesOnAFailingPartOrPreparation() {
		for (int workers : new int[] {1, 2}) {
			IllegalStateException e = assertThrows(IllegalStateException.class, () -> Chunks.lockstep(100, workers,
				s -> {}, (p, s) -> {
					if (s == 37 && p == 1) throw new IllegalStateException("part 1 of step 37");
				}));
			assertEquals("part 1 of step 37", e.getMessage());
			assertThrows(CancellationException.class, () -> Chunks.lockstep(100, workers, s -> {
				if (s == 50) throw new CancellationException();
			}, (p, s) -> {}));
		}
	}
}
