package org.ride.core.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.slstm.Nonlinearity;
import org.ride.core.whitening.Whitening;

/** Small models with a whitening fitted on smooth random images (as in RideTest). */
final class SamplingFixtures {

	private SamplingFixtures() {}

	/** A sum of sinusoids plus noise: a well-conditioned whitening. */
	static List<float[]> images(int n, int w, int h, long seed) {
		Random r = new Random(seed);
		List<float[]> list = new ArrayList<>();
		for (int b = 0; b < n; b++) {
			float[] im = new float[w * h];
			double fx = 0.3 + r.nextDouble(), fy = 0.2 + r.nextDouble();
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					im[y * w + x] = (float) (Math.sin(fx * x) * Math.cos(fy * y) + 0.3 * r.nextGaussian());
			list.add(im);
		}
		return list;
	}

	static RideConfig config(int layers, boolean extended) {
		return new RideConfig(1, 5, 5, layers, 3, 2, 4, extended, Nonlinearity.TANH);
	}

	/** Random weights (LSTM weights scaled up so the recurrences matter), whitening fitted on smooth images. */
	static Ride model(RideConfig c, DataType dt, long seed) {
		Ride m = new Ride(c, dt, new Random(seed));
		for (var p : m.lstm().parameters()) p.muli(6);
		List<float[]> data = images(4, 24, 20, seed + 1);
		Neighbourhoods nb = Neighbourhoods.batch(data, 24, 20, m.mask(), DataType.DOUBLE);
		m.setWhitening(Whitening.fit(nb.inputs().transpose(), nb.outputs().transpose()));
		return m;
	}
}
