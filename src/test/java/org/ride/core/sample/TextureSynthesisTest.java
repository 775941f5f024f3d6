package org.ride.core.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.model.Ride;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

class TextureSynthesisTest {

	private static final double PCT_TOL = 1e-9;

	@Test
	void clipRangeIsNumpysLinearPercentile() {
		float[] v = new float[1000];
		for (int k = 0; k < v.length; k++) v[k] = v.length - 1 - k; // 999..0, unsorted on purpose
		double[][] r = TextureSynthesis.clipRange(v, 1);
		assertEquals(0.999, r[0][0], PCT_TOL); // 0.1/100 · 999
		assertEquals(997.002, r[1][0], PCT_TOL); // 99.8/100 · 999
		float[] two = {1, 2, 3, 4, 10, 20, 30, 40};
		double[][] r2 = TextureSynthesis.clipRange(two, 2);
		assertEquals(1.003, r2[0][0], PCT_TOL);
		assertEquals(39.94, r2[1][1], 1e-5);
	}

	@Test
	void synthesisesTexturesOfTheRequestedSizeWithinTheDataRange() {
		Ride model = SamplingFixtures.model(SamplingFixtures.config(1, false), DataType.FLOAT, 8);
		float[] data = SamplingFixtures.images(1, 24, 20, 9).get(0);
		TextureSynthesis.Options o = TextureSynthesis.Options.of(12, 7, 3).withCount(2).withMargin(4).withData(data, 1);
		Samples s = TextureSynthesis.synthesize(model, o, Progress.NONE, CancelToken.NONE);
		assertEquals(2, s.batch());
		assertEquals(12 * 7, s.images()[0].length);
		double[][] range = TextureSynthesis.clipRange(data, 1);
		for (double[] im : s.images())
			for (double v : im) assertTrue(v >= range[0][0] && v <= range[1][0], "value " + v + " outside the clip range");
		assertNotEquals(s.images()[0][40], s.images()[1][40], "the two textures of a batch differ");
		Samples again = TextureSynthesis.synthesize(model, o, Progress.NONE, CancelToken.NONE);
		assertArrayEquals(s.images()[1], again.images()[1], "same seed, same texture");
		Samples noData = TextureSynthesis.synthesize(model, TextureSynthesis.Options.of(6, 5, 1), Progress.NONE,
			CancelToken.NONE);
		for (double v : noData.images()[0]) assertTrue(Double.isFinite(v));
	}

	@Test
	void cancelThrowsAndTooSmallMarginIsRejected() {
		Ride model = SamplingFixtures.model(SamplingFixtures.config(1, false), DataType.FLOAT, 8);
		CancelToken cancel = new CancelToken();
		cancel.cancel("user");
		assertThrows(CancellationException.class,
			() -> TextureSynthesis.synthesize(model, TextureSynthesis.Options.of(8, 8, 1), Progress.NONE, cancel));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextureSynthesis.synthesize(
			model, TextureSynthesis.Options.of(8, 8, 1).withMargin(1), Progress.NONE, CancelToken.NONE));
		assertTrue(e.getMessage().contains("margin ≥ 2"), e.getMessage());
	}
}
