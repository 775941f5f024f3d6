package org.ride.core.slstm;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The pipelined band forward against the whole-grid wavefront, on one and on two threads. */
class BandForwardTest {

	private static final int R = 23, C = 9, BAND = 5; // bands of 5, 5, 5, 5 and 3 rows

	private static SlstmStack stack(boolean ext, DataType dt) {
		return new SlstmStack(new SlstmConfig(3, 6, ext, Nonlinearity.TANH), 2, dt, new Random(ext ? 4 : 5));
	}

	private static INDArray input(DataType dt) {
		Random rng = new Random(11);
		double[][] x = new double[R * C][3];
		for (double[] r : x)
			for (int c = 0; c < r.length; c++) r[c] = (rng.nextDouble() - 0.5) * 4;
		return Nd4j.create(x).castTo(dt);
	}

	/** Band t's rows of the natural-order [R·C, ·] array. */
	private static INDArray rows(INDArray a, int t) {
		int i0 = t * BAND, n = Math.min(BAND, R - i0);
		return a.get(NDArrayIndex.interval((long) i0 * C, (long) (i0 + n) * C), NDArrayIndex.all());
	}

	/** All bands: band t on engines[t % engines.length], each engine on a thread of its own. */
	private static INDArray bands(BandForward[] engines, DataType dt) throws Exception {
		INDArray x = input(dt);
		int bands = (R + BAND - 1) / BAND;
		INDArray[] h = new INDArray[bands];
		Thread[] threads = new Thread[engines.length];
		Throwable[] failed = new Throwable[1];
		for (int w = 0; w < engines.length; w++) {
			int q = w;
			threads[w] = new Thread(() -> {
				try {
					for (int t = q; t < bands; t += engines.length)
						h[t] = engines[q].forward(rows(x, t), t, Math.min(BAND, R - t * BAND),
							t == 0 ? null : engines[(t - 1) % engines.length], () -> false).dup();
				} catch (Throwable e) {
					failed[0] = e;
				}
			});
			threads[w].start();
		}
		for (Thread t : threads) t.join(60_000);
		if (failed[0] != null) throw new AssertionError("band worker failed", failed[0]);
		return Nd4j.concat(0, h);
	}

	@Test
	void bandsOnOneOrTwoThreadsEqualTheWholeGrid() throws Exception {
		for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT})
			for (boolean ext : new boolean[] {false, true}) {
				SlstmStack s = stack(ext, dt);
				INDArray whole = s.forward(input(dt), 1, R, C).dup();
				for (int workers = 1; workers <= 2; workers++) {
					INDArray got = bands(s.bandForwards(workers, BAND, C), dt);
					double tol = dt == DataType.DOUBLE ? 1e-12 : 1e-5;
					assertTrue(whole.equalsWithEps(got, tol), dt + (ext ? " extended" : "") + ", " + workers
						+ " thread(s): max |Δh| = " + whole.sub(got).amaxNumber());
					if (workers == 2) { // and a second call on the same (now dirty) engines gives the same bits
						INDArray again = bands(s.bandForwards(workers, BAND, C), dt);
						assertEquals(got, again, "repeat call, " + dt);
					}
				}
			}
	}

	@Test
	void oneAndTwoThreadsGiveTheSameBits() throws Exception {
		SlstmStack s = stack(false, DataType.FLOAT);
		INDArray one = bands(s.bandForwards(1, BAND, C), DataType.FLOAT);
		INDArray two = bands(s.bandForwards(2, BAND, C), DataType.FLOAT);
		assertEquals(one, two);
	}

	@Test
	void aWaitForABandThatNeverComesEndsWhenStopped() {
		SlstmStack s = stack(false, DataType.FLOAT);
		BandForward[] e = s.bandForwards(2, BAND, C);
		INDArray x = input(DataType.FLOAT);
		AtomicBoolean stop = new AtomicBoolean();
		new Thread(() -> {
			try {
				Thread.sleep(200);
			} catch (InterruptedException ignored) {}
			stop.set(true);
		}).start();
		// band 1 waits for engine 0, which never runs band 0
		assertThrows(CancellationException.class, () -> e[1].forward(rows(x, 1), 1, BAND, e[0], stop::get));
	}

	@Test
	void badBandsAreRefusedWithTheReason() {
		SlstmStack s = stack(false, DataType.FLOAT);
		BandForward[] e = s.bandForwards(1, BAND, C);
		INDArray x = input(DataType.FLOAT);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> e[0].forward(rows(x, 0), 0, BAND + 1, null,
			() -> false)).getMessage().contains("bands are 1..5 rows"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> e[0].forward(rows(x, 1), 1, BAND, null,
			() -> false)).getMessage().contains("needs the instance"));
	}
}
