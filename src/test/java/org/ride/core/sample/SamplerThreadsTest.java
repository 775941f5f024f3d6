package org.ride.core.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.model.Ride;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

/** The sampler's batch halves: bit-identical samples and log q for 1 and 2 threads, and equal to the raster reference. */
class SamplerThreadsTest {

	@Test
	void batchHalvesGiveTheSameSamplesForOneAndTwoThreads() {
		int w = 14, h = 12;
		Ride model = SamplingFixtures.model(SamplingFixtures.config(2, false), DataType.FLOAT, 91);
		List<float[]> init = SamplingFixtures.images(5, w, h, 92); // halves of 3 and 2 images
		SampleOptions o = SampleOptions.of(93).withLogq(true);
		WavefrontSampler sampler = new WavefrontSampler();
		Samples ref = null;
		for (int threads : new int[] {1, 2, 1, 2}) {
			model.setThreads(threads);
			Samples s = sampler.draw(model, init, w, h, o, Progress.NONE, CancelToken.NONE);
			if (ref == null) ref = s;
			for (int b = 0; b < init.size(); b++)
				assertArrayEquals(ref.images()[b], s.images()[b], 0, threads + " threads, image " + b);
			assertArrayEquals(ref.logq(), s.logq(), 0, threads + " threads, log q");
		}
		Samples raster = RasterSampler.sample(model, init, w, h, o, Progress.NONE, CancelToken.NONE);
		for (int b = 0; b < init.size(); b++)
			for (int k = 0; k < raster.images()[b].length; k++) // f32: same operations, other GEMM row counts
				assertEquals(raster.images()[b][k], ref.images()[b][k], 1e-3 * Math.max(1, Math.abs(raster.images()[b][k])),
					"raster reference, image " + b + " px " + k);
	}
}
