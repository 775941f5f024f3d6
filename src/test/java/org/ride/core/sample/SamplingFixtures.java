package org.ride.core.sample;

import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.model.Fixtures;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.slstm.Nonlinearity;

/** Small models with a whitening fitted on smooth random images (as in RideTest). */
final class SamplingFixtures {

	private SamplingFixtures() {}

	static List<float[]> images(int n, int w, int h, long seed) {
		return Fixtures.images(n, w, h, seed);
	}

	static RideConfig config(int layers, boolean extended) {
		return new RideConfig(1, 5, 5, layers, 3, 2, 4, extended, Nonlinearity.TANH);
	}

	/** Random weights (LSTM weights scaled up so the recurrences matter), whitening fitted on smooth images. */
	static Ride model(RideConfig c, DataType dt, long seed) {
		Ride m = new Ride(c, dt, new Random(seed));
		for (var p : m.lstm().parameters()) p.muli(6);
		return Fixtures.withWhitening(m, images(4, 24, 20, seed + 1), 24, 20);
	}
}
