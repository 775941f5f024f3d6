package org.ride.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ride.core.mcgsm.TrainFlags;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.slstm.Nonlinearity;
import org.ride.core.whitening.Whitening;

class RideTest {

	private static final double FD_STEP = 1e-6, FD_TOL = 1e-6;

	static List<float[]> images(int n, int w, int h, long seed) {
		return Fixtures.images(n, w, h, seed);
	}

	static Ride fitted(RideConfig c, DataType dt, List<float[]> imgs, int w, int h) {
		return Fixtures.withWhitening(new Ride(c, dt, new Random(11)), imgs, w, h);
	}

	@Test
	void objectiveGradientMatchesFiniteDifferencesForEveryParameterBothVariantsTwoLayers() {
		for (boolean extended : new boolean[] { false, true }) {
			RideConfig c = new RideConfig(1, 5, 4, 2, 2, 2, 3, extended, Nonlinearity.TANH);
			List<float[]> imgs = images(2, 9, 7, 3);
			Ride m = fitted(c, DataType.DOUBLE, imgs, 9, 7);
			Ride.Grid g = m.whiten(Neighbourhoods.batch(imgs, 9, 7, m.mask(), DataType.DOUBLE));
			Ride.Loss loss = m.lossAndGradient(g, TrainFlags.DEFAULT, true);
			List<INDArray> params = m.lstm().parameters();
			List<INDArray> grads = new ArrayList<>();
			for (INDArray a : m.lstm().gradients()) grads.add(a.dup());
			Random pick = new Random(5);
			for (int a = 0; a < params.size(); a++) {
				INDArray p = params.get(a);
				for (int t = 0; t < 6; t++) {
					int r = pick.nextInt((int) p.rows()), col = pick.nextInt((int) p.columns());
					double v = p.getDouble(r, col);
					p.putScalar(r, col, v + FD_STEP);
					double fp = m.lossAndGradient(g, null, false).nats();
					p.putScalar(r, col, v - FD_STEP);
					double fm = m.lossAndGradient(g, null, false).nats();
					p.putScalar(r, col, v);
					double fd = (fp - fm) / (2 * FD_STEP);
					assertEquals(fd, grads.get(a).getDouble(r, col), FD_TOL * Math.max(1, Math.abs(fd)),
						"LSTM array " + a + " entry (" + r + "," + col + ")" + (extended ? " (extended)" : ""));
				}
			}
			double[] theta = m.mcgsm().params().toVector(TrainFlags.DEFAULT);
			for (int t = 0; t < 25; t++) {
				int k = pick.nextInt(theta.length);
				double v = theta[k];
				theta[k] = v + FD_STEP;
				m.mcgsm().params().setFromVector(theta, TrainFlags.DEFAULT);
				double fp = m.lossAndGradient(g, null, false).nats();
				theta[k] = v - FD_STEP;
				m.mcgsm().params().setFromVector(theta, TrainFlags.DEFAULT);
				double fm = m.lossAndGradient(g, null, false).nats();
				theta[k] = v;
				m.mcgsm().params().setFromVector(theta, TrainFlags.DEFAULT);
				double fd = (fp - fm) / (2 * FD_STEP);
				assertEquals(fd, loss.mcgsmGradient()[k], FD_TOL * Math.max(1, Math.abs(fd)), "MCGSM parameter " + k);
			}
		}
	}

	@Test
	void exactMathReachesBothTheLstmAndTheMcgsm() {
		Ride m = new Ride(RideConfig.tiny(), DataType.FLOAT, new Random(3));
		m.setExactMath(true);
		assertTrue(m.lstm().layer(0).exactMath() && m.mcgsm().exactMath());
		m.setExactMath(false);
		assertFalse(m.lstm().layer(0).exactMath() || m.mcgsm().exactMath());
	}

	@Test
	void lossIsTheMeanNegativeLogLikelihoodWithoutTheJacobian() {
		List<float[]> imgs = images(3, 10, 8, 4);
		Ride m = fitted(RideConfig.tiny(), DataType.DOUBLE, imgs, 10, 8);
		Ride.Grid g = m.whiten(Neighbourhoods.batch(imgs, 10, 8, m.mask(), DataType.DOUBLE));
		double f = m.lossAndGradient(g, null, false).nats();
		double meanLl = m.logLikelihood(g).meanNumber().doubleValue();
		assertEquals(-meanLl + m.logJacobian(), f, 1e-10);
	}

	@Test
	void bandedMapEqualsTheWholeImageMapAndTheBatchLikelihood() {
		int w = 13, h = 17;
		List<float[]> imgs = images(1, w, h, 6);
		for (int layers = 1; layers <= 2; layers++) {
			RideConfig c = new RideConfig(1, 5, 5, layers, 3, 2, 4, layers == 2, Nonlinearity.TANH);
			Ride m = fitted(c, DataType.DOUBLE, images(4, w, h, 7), w, h);
			LogLikelihoodMap whole = LogLikelihoodMap.compute(m, imgs.get(0), w, h, 1000, Progress.NONE, CancelToken.NONE);
			LogLikelihoodMap banded = LogLikelihoodMap.compute(m, imgs.get(0), w, h, 4, Progress.NONE, CancelToken.NONE);
			INDArray direct = m.logLikelihood(m.whiten(Neighbourhoods.grid(imgs.get(0), w, h, m.mask(), DataType.DOUBLE)));
			int gr = h - 2, gc = w - 4, nan = 0;
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					float a = whole.nats()[y * w + x], b = banded.nats()[y * w + x];
					if (y < 2 || x < 2 || x >= w - 2) {
						assertTrue(Float.isNaN(a) && Float.isNaN(b), "unreachable pixel " + x + "," + y);
						nan++;
						continue;
					}
					assertEquals(a, b, 1e-5, "band hand-over at " + x + "," + y);
					assertEquals(direct.getDouble((y - 2) * gc + (x - 2)), a, 1e-5);
				}
			assertEquals(w * h - gr * gc, nan);
			assertEquals((long) gr * gc, banded.reachable());
		}
	}

	@Test
	void imageGradientMatchesFiniteDifferencesOnEveryKindOfPixel() {
		int w = 9, h = 8;
		RideConfig c = new RideConfig(1, 5, 4, 2, 2, 2, 3, true, Nonlinearity.TANH);
		Ride m = fitted(c, DataType.DOUBLE, images(3, w, h, 8), w, h);
		float[] img = images(1, w, h, 9).get(0);
		double[] grad = m.imageGradient(img, w, h).gradient();
		double step = 1e-3; // the image is float: larger steps, exact arithmetic otherwise
		// border, interior, last row and bottom-right corner pixels
		for (int p : new int[] { 0, 3, w + 4, 3 * w + 4, 5 * w + 2, (h - 1) * w + 1, h * w - 1 }) {
			float v = img[p];
			img[p] = (float) (v + step);
			double fp = m.imageGradient(img, w, h).meanLogLikelihood();
			img[p] = (float) (v - step);
			double fm = m.imageGradient(img, w, h).meanLogLikelihood();
			img[p] = v;
			double fd = (fp - fm) / ((double) (float) (v + step) - (double) (float) (v - step));
			assertEquals(fd, grad[p], 1e-5 * Math.max(1, Math.abs(fd)), "pixel " + p);
		}
	}

	@Test
	void withoutLayersRideIsTheMcgsmBaselineOnTheWhitenedNeighbourhood() {
		int w = 12, h = 10;
		List<float[]> imgs = images(3, w, h, 12);
		RideConfig c = new RideConfig(1, 5, 64, 0, 3, 2, 4, false, Nonlinearity.TANH);
		Ride m = fitted(c, DataType.DOUBLE, imgs, w, h);
		assertEquals("MCGSM", c.label());
		assertEquals(12, m.mcgsm().config().dimIn(), "the MCGSM reads the 12 whitened inputs");
		Neighbourhoods nb = Neighbourhoods.grid(imgs.get(0), w, h, m.mask(), DataType.DOUBLE);
		Whitening.Pair p = m.whitening().forward(nb.inputs().transpose(), nb.outputs().transpose());
		INDArray direct = m.mcgsm().logLikelihood(p.x(), p.y()).addi(m.logJacobian());
		LogLikelihoodMap map = LogLikelihoodMap.compute(m, imgs.get(0), w, h, 3, Progress.NONE, CancelToken.NONE);
		for (int t = 0; t < direct.length(); t++)
			assertEquals(direct.getDouble(t), map.nats()[(t / (w - 4) + 2) * w + t % (w - 4) + 2], 1e-6); // float map
		double f = m.lossAndGradient(m.whiten(nb), org.ride.core.mcgsm.TrainFlags.DEFAULT, true).nats();
		assertEquals(-direct.meanNumber().doubleValue() + m.logJacobian(), f, 1e-9);
		assertEquals(1, m.withAddedLayer(new Random(1)).config().numLayers());
	}
}
