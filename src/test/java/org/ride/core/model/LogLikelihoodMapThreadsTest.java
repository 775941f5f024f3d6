package org.ride.core.model;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.slstm.Nonlinearity;

/**
 * The map's band threads (see {@link LogLikelihoodMap}, {@code BandForward}): a cancel or a failure in one band
 * stops both threads promptly, with the cause (never a hang, never the other thread's secondary stop).
 */
class LogLikelihoodMapThreadsTest {

	private static final int W = 40, H = 60, BAND = 8; // grid 58 rows: 8 bands on two threads

	private static Ride model() {
		Ride m = new Ride(new RideConfig(1, 5, 8, 1, 3, 2, 4, false, Nonlinearity.TANH), DataType.FLOAT, new Random(3));
		m = Fixtures.withWhitening(m, Fixtures.images(2, 40, 40, 4), 40, 40);
		m.setThreads(2);
		return m;
	}

	@Test
	void cancellingMidwayStopsBothBandThreads() {
		Ride m = model();
		float[] im = Fixtures.images(1, W, H, 5).get(0);
		CancelToken cancel = new CancelToken();
		AtomicInteger reports = new AtomicInteger();
		Progress p = (what, done, total, msg) -> {
			if (reports.incrementAndGet() == 3) cancel.cancel("test");
		};
		assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(CancellationException.class,
			() -> LogLikelihoodMap.compute(m, im, W, H, BAND, p, cancel)));
		// and the model maps normally afterwards (no thread left waiting, no stale progress)
		float[] a = LogLikelihoodMap.compute(m, im, W, H, BAND, Progress.NONE, CancelToken.NONE).nats();
		m.setThreads(1);
		float[] b = LogLikelihoodMap.compute(m, im, W, H, BAND, Progress.NONE, CancelToken.NONE).nats();
		assertArrayEquals(b, a, 0f);
	}

	@Test
	void aFailingBandReportsItsCauseAndStopsTheOtherThread() {
		Ride m = model();
		float[] im = Fixtures.images(1, W, H, 5).get(0);
		im[30 * W + 20] = Float.NaN; // only in band 3 (grid rows 24..31), on the pool thread: the caller then stops while waiting
		Throwable e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(RuntimeException.class,
			() -> LogLikelihoodMap.compute(m, im, W, H, BAND, Progress.NONE, CancelToken.NONE)));
		assertFalse(e instanceof CancellationException, "the cause, not the other thread's stop: " + e);
		assertTrue(e.getMessage().contains("NaN"), e.getMessage());
	}
}
