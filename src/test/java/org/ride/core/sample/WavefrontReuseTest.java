package org.ride.core.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.model.Ride;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

/**
 * {@link WavefrontSampler} keeps its engine (LSTM steps, state store, views) between calls of the same shapes:
 * a reused engine must give what a fresh one gives — after other shapes, after a cancelled call with log q, and
 * after the model's parameters changed in place. The reference is {@link RasterSampler}, which builds its
 * pipeline afresh on every call.
 */
class WavefrontReuseTest {

	private final WavefrontSampler reused = new WavefrontSampler();

	private static final int W = 11, H = 9;
	/** f64, same operations in another grouping */
	private static final double SAME_TOL = 1e-9;

	@Test
	void reusedEngineEqualsAFreshOneAfterOtherShapesAndACancelledCall() {
		Ride model = SamplingFixtures.model(SamplingFixtures.config(1, true), DataType.DOUBLE, 61);
		List<float[]> init = SamplingFixtures.images(2, W, H, 62);
		SampleOptions o = SampleOptions.of(63).withLogq(true);
		Samples first = reused.draw(model, init, W, H, o, Progress.NONE, CancelToken.NONE);
		Samples again = reused.draw(model, init, W, H, o, Progress.NONE, CancelToken.NONE);
		assertSame(first, again, 0, "second call");
		reused.draw(model, SamplingFixtures.images(3, W + 2, H, 64), W + 2, H, o, Progress.NONE,
			CancelToken.NONE);
		CancelToken cancel = new CancelToken();
		Progress stopEarly = (stage, step, total, msg) -> {
			if (step > 2) cancel.cancel("test");
		};
		assertThrows(CancellationException.class, () -> reused.draw(model, init, W, H, o, stopEarly, cancel));
		Samples after = reused.draw(model, init, W, H, o, Progress.NONE, CancelToken.NONE);
		assertSame(first, after, 0, "after another shape and a cancelled call");
		assertSame(RasterSampler.sample(model, init, W, H, o, Progress.NONE, CancelToken.NONE), after, SAME_TOL,
			"raster reference");
	}

	@Test
	void reusedEngineSeesParameterChangesMadeInPlace() {
		Ride model = SamplingFixtures.model(SamplingFixtures.config(2, false), DataType.DOUBLE, 71);
		List<float[]> init = SamplingFixtures.images(1, W, H, 72);
		SampleOptions o = SampleOptions.of(73).withLogq(true);
		Samples before = reused.draw(model, init, W, H, o, Progress.NONE, CancelToken.NONE);
		for (var p : model.lstm().parameters()) p.muli(0.5);
		Samples after = reused.draw(model, init, W, H, o, Progress.NONE, CancelToken.NONE);
		assertNotEquals(before.logq()[0], after.logq()[0]);
		assertSame(RasterSampler.sample(model, init, W, H, o, Progress.NONE, CancelToken.NONE), after, SAME_TOL,
			"raster reference of the changed model");
	}

	private static void assertSame(Samples want, Samples got, double tol, String what) {
		for (int b = 0; b < want.batch(); b++) {
			for (int k = 0; k < W * H; k++)
				assertEquals(want.images()[b][k], got.images()[b][k], tol, what + ": image " + b + " px " + k);
			assertEquals(want.logq()[b], got.logq()[b], tol * Math.abs(want.logq()[b]), what + ": log q " + b);
		}
	}
}
