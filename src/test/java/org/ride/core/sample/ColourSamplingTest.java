package org.ride.core.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ride.core.model.Fixtures;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.slstm.Nonlinearity;

/**
 * Sampling a 3-channel model: the wavefront sampler equals the raster reference, and log q (the MCGSM density of
 * the drawn whitened residuals ỹ) equals the model's log-likelihood of the pixels written, so the un-whitening
 * y = P_out⁻¹ ỹ + W x̃ + μ_y keeps every channel in its place (a mixed-up channel layout would break the equality).
 */
class ColourSamplingTest {

	private static final int W = 11, H = 9, C = 3, PLANE = W * H;

	/** Three correlated channels at different levels over the smooth fixture images. */
	static List<float[]> colour(int n, int w, int h, long seed) {
		Random r = new Random(seed);
		List<float[]> out = new ArrayList<>();
		for (float[] g : Fixtures.images(n, w, h, seed)) {
			float[] im = new float[C * w * h];
			for (int c = 0; c < C; c++)
				for (int p = 0; p < w * h; p++) im[c * w * h + p] = (float) (2 * c + (1 - 0.3 * c) * g[p] + 0.1 * r.nextGaussian());
			out.add(im);
		}
		return out;
	}

	static Ride model(long seed) {
		Ride m = new Ride(new RideConfig(C, 5, 5, 1, 3, 2, 4, false, Nonlinearity.TANH), DataType.DOUBLE, new Random(seed));
		for (var p : m.lstm().parameters()) p.muli(6);
		Neighbourhoods nb = Neighbourhoods.batch(colour(4, 24, 20, seed + 1), 24, 20, m.mask(), DataType.DOUBLE);
		m.setWhitening(org.ride.core.whitening.Whitening.fit(nb.inputs().transpose(), nb.outputs().transpose()));
		return m;
	}

	@Test
	void wavefrontEqualsRasterAndLogqIsTheModelsLikelihoodOfTheDrawnColourPixels() {
		Ride model = model(7);
		List<float[]> init = colour(2, W, H, 8);
		SampleOptions o = SampleOptions.of(9).withLogq(true);
		Samples r = RasterSampler.sample(model, init, W, H, o, Progress.NONE, CancelToken.NONE);
		Samples w = WavefrontSampler.sample(model, init, W, H, o, Progress.NONE, CancelToken.NONE);
		assertEquals(C, w.channels());
		for (int b = 0; b < 2; b++) {
			for (int k = 0; k < C * PLANE; k++) assertEquals(r.images()[b][k], w.images()[b][k], 1e-9, "value " + k);
			// x, y, channel: the same flat layout (c·H + y)·W + x, in double so the re-score is exact
			var img = net.imglib2.img.array.ArrayImgs.doubles(w.images()[b].clone(), W, H, C);
			INDArray ll = model.logLikelihood(model.whiten(Neighbourhoods.grid(img, model.mask(), DataType.DOUBLE)));
			double s = ll.sumNumber().doubleValue() - ll.length() * model.logJacobian();
			assertEquals(s, w.logq()[b], 1e-8 * Math.abs(s), "log q vs the model's log-likelihood, image " + b);
		}
	}
}
