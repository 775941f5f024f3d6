package org.ride.core.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ride.core.model.Ride;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.DoubleType;

/**
 * The wavefront sampler draws exactly what the raster reference draws (same seed), and log q equals the model's
 * own log-likelihood of the drawn pixels — which also cross-checks {@code SlstmStep} against {@code SlstmLayer}.
 */
class WavefrontSamplerTest {

	/** f64: the two orders run the same operations on different block sizes (GEMM row order only) */
	private static final double SAME_TOL = 1e-9;
	/** f64: log q (stepwise) vs the whole-grid forward of Ride.logLikelihood */
	private static final double LL_TOL = 1e-8;
	/** f32: block-size-dependent GEMM rounding, amplified a little by the recursion */
	private static final double FLOAT_TOL = 1e-3;
	private static final int W = 11, H = 9;

	@Test
	void skewIsColsMinusOutputColumn() {
		for (int nb : new int[] {3, 5, 7, 9}) {
			CausalMask m = CausalMask.of(nb);
			assertEquals(m.cols() - m.jOff(), WavefrontSampler.skew(m), "nb " + nb);
		}
		assertEquals(3, WavefrontSampler.skew(CausalMask.of(5)));
	}

	@Test
	void wavefrontEqualsRasterWithAndWithoutMaskAllVariants() {
		boolean[] mask = new boolean[W * H];
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) mask[y * W + x] = (x + 2 * y) % 3 != 0 || y > 6;
		int seed = 40;
		// every factor both ways: (layers, extended, masked) = (1,n,n) (1,y,y) (2,n,y) (2,y,n)
		for (int layers = 1; layers <= 2; layers++)
			for (boolean ext : new boolean[] {false, true}) {
				boolean[] m = (layers == 2) != ext ? mask : null;
				Ride model = SamplingFixtures.model(SamplingFixtures.config(layers, ext), DataType.DOUBLE, seed++);
				List<float[]> init = SamplingFixtures.images(2, W, H, seed);
				SampleOptions o = SampleOptions.of(seed).withMask(m).withLogq(true);
				String what = layers + " layer(s)" + (ext ? " extended" : " plain") + (m == null ? "" : " masked");
				Samples r = RasterSampler.sample(model, init, W, H, o, Progress.NONE, CancelToken.NONE);
				Samples w = WavefrontSampler.sample(model, init, W, H, o, Progress.NONE, CancelToken.NONE);
				for (int b = 0; b < 2; b++) {
					for (int k = 0; k < W * H; k++) {
						assertEquals(r.images()[b][k], w.images()[b][k], SAME_TOL, what + " image " + b + " px " + k);
						int x = k % W, y = k / W;
						boolean reachable = y >= 2 && x >= 2 && x < W - 2, sampled = reachable && (m == null || m[k]);
						if (sampled) assertNotEquals(init.get(b)[k], w.images()[b][k], what + " px " + k + " not sampled");
						else assertEquals(init.get(b)[k], w.images()[b][k], 0, what + " px " + k + " changed");
					}
					assertEquals(r.logq()[b], w.logq()[b], SAME_TOL * Math.abs(r.logq()[b]), what + " log q " + b);
					assertEquals(logLikelihoodOfSampled(model, w.images()[b], m), w.logq()[b],
						LL_TOL * Math.abs(w.logq()[b]), what + " log q vs model log-likelihood, image " + b);
				}
			}
	}

	/** Σ (log p − log|det P_out|) over the sampled grid positions, from the model's whole-grid forward pass. */
	private static double logLikelihoodOfSampled(Ride model, double[] image, boolean[] mask) {
		Img<DoubleType> img = ArrayImgs.doubles(image.clone(), W, H);
		INDArray ll = model.logLikelihood(model.whiten(Neighbourhoods.grid(img, model.mask(), DataType.DOUBLE)));
		int gc = W - 4;
		double s = 0;
		for (int q = 0; q < ll.length(); q++) {
			int i = q / gc, j = q % gc;
			if (mask == null || mask[(i + 2) * W + j + 2]) s += ll.getDouble(q) - model.logJacobian();
		}
		return s;
	}

	@Test
	void floatModelAgreesWithRasterAndClipsToTheRange() {
		Ride model = SamplingFixtures.model(SamplingFixtures.config(1, false), DataType.FLOAT, 3);
		List<float[]> init = SamplingFixtures.images(2, W, H, 4);
		SampleOptions o = SampleOptions.of(5).withClip(new double[] {-0.5}, new double[] {0.6});
		Samples r = RasterSampler.sample(model, init, W, H, o, Progress.NONE, CancelToken.NONE);
		Samples w = WavefrontSampler.sample(model, init, W, H, o, Progress.NONE, CancelToken.NONE);
		int clipped = 0;
		for (int b = 0; b < 2; b++)
			for (int y = 2; y < H; y++)
				for (int x = 2; x < W - 2; x++) {
					double v = w.images()[b][y * W + x];
					assertEquals(r.images()[b][y * W + x], v, FLOAT_TOL, "image " + b + " px " + x + "," + y);
					assertTrue(v >= -0.5 && v <= 0.6, "clipped value " + v);
					if (v == -0.5 || v == 0.6) clipped++;
				}
		assertTrue(clipped > 0, "the range should bind somewhere");
		assertEquals(null, w.logq());
	}

	@Test
	void differentSeedsGiveDifferentImagesAndCancelStops() {
		Ride model = SamplingFixtures.model(SamplingFixtures.config(1, false), DataType.FLOAT, 3);
		List<float[]> init = SamplingFixtures.images(1, W, H, 4);
		Samples a = WavefrontSampler.sample(model, init, W, H, SampleOptions.of(1), Progress.NONE, CancelToken.NONE);
		Samples b = WavefrontSampler.sample(model, init, W, H, SampleOptions.of(2), Progress.NONE, CancelToken.NONE);
		assertNotEquals(a.images()[0][4 * W + 4], b.images()[0][4 * W + 4]);
		CancelToken cancel = new CancelToken();
		List<Long> steps = new ArrayList<>();
		Progress p = (stage, step, total, msg) -> {
			steps.add(step);
			if (step > 3) cancel.cancel("test");
		};
		assertThrows(CancellationException.class,
			() -> WavefrontSampler.sample(model, init, W, H, SampleOptions.of(1), p, cancel));
		assertTrue(steps.size() >= 2);
	}

	@Test
	void badInputsAreRejectedWithTheFix() {
		Ride model = SamplingFixtures.model(SamplingFixtures.config(1, false), DataType.FLOAT, 3);
		List<float[]> init = SamplingFixtures.images(1, W, H, 4);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WavefrontSampler.sample(model,
			init, W, H, SampleOptions.of(1).withMask(new boolean[3]), Progress.NONE, CancelToken.NONE));
		assertTrue(e.getMessage().contains("one boolean per pixel"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> WavefrontSampler.sample(model, init, W, H,
			SampleOptions.of(1).withClip(new double[] {1}, new double[] {0}), Progress.NONE, CancelToken.NONE));
		assertTrue(e.getMessage().contains("must not exceed"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> WavefrontSampler.sample(model, init, W + 1, H,
			SampleOptions.of(1), Progress.NONE, CancelToken.NONE));
		assertTrue(e.getMessage().contains("values but"), e.getMessage());
	}
}
