package org.ride.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.mcgsm.TrainFlags;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.slstm.Nonlinearity;

/**
 * Maps and training gradients are bit-identical for 1 and 2 threads: the LSTM's diagonal parts (B = 1, maps),
 * batch halves (training) and the MCGSM's chunks are fixed by the shapes, never by the thread count.
 */
class ThreadCountTest {

	private static Ride model() {
		Ride m = new Ride(new RideConfig(1, 5, 8, 1, 3, 2, 4, false, Nonlinearity.TANH), DataType.FLOAT, new Random(3));
		return Fixtures.withWhitening(m, Fixtures.images(2, 40, 40, 4), 40, 40);
	}

	@Test
	void logLikelihoodMapsAreBitIdenticalForOneAndTwoThreads() {
		Ride m = model();
		m.mcgsm().setChunkColumns(1000); // several MCGSM chunks per band
		int w = 90, h = 84; // grid 82×86: diagonals up to 82 rows, split in two parts
		float[] im = Fixtures.images(1, w, h, 5).get(0);
		float[] ref = null;
		for (int threads : new int[] {1, 2, 1, 2}) {
			m.setThreads(threads);
			for (int band : new int[] {LogLikelihoodMap.bandRows(w), 37}) {
				float[] got = LogLikelihoodMap.compute(m, im, w, h, band, Progress.NONE, CancelToken.NONE).nats();
				if (ref == null) ref = got;
				else if (band != 37) assertArrayEquals(ref, got, 0f, threads + " threads");
				else { // other bands, other partitions: equal up to float round-off only
					for (int p = 0; p < ref.length; p++)
						if (!Float.isNaN(ref[p])) assertEquals(ref[p], got[p], 1e-4, "bands of 37 rows, pixel " + p);
				}
			}
		}
		double finite = 0;
		for (float v : ref) if (!Float.isNaN(v)) finite++;
		assertTrue(finite == 82 * 86, "every reachable pixel scored: " + finite);
	}

	@Test
	void trainingGradientsAreBitIdenticalForOneAndTwoThreads() {
		Ride m = model();
		List<float[]> patches = Fixtures.images(7, 14, 14, 6); // B = 7: batch halves of 4 and 3
		double[] refMcgsm = null;
		float[][] refLstm = null;
		for (int threads : new int[] {1, 2, 1, 2}) {
			m.setThreads(threads);
			Ride.Grid g = m.whiten(Neighbourhoods.batch(patches, 14, 14, m.mask(), m.dataType()));
			Ride.Loss loss = m.lossAndGradient(g, TrainFlags.DEFAULT, true);
			float[][] lstm = m.lstm().gradients().stream().map(a -> a.dup().data().asFloat()).toArray(float[][]::new);
			if (refMcgsm == null) {
				refMcgsm = loss.mcgsmGradient();
				refLstm = lstm;
			}
			assertArrayEquals(refMcgsm, loss.mcgsmGradient(), 0, threads + " threads, MCGSM gradient");
			for (int a = 0; a < lstm.length; a++)
				assertArrayEquals(refLstm[a], lstm[a], 0f, threads + " threads, LSTM gradient " + a);
		}
	}
}
