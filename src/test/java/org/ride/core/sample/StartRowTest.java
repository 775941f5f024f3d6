package org.ride.core.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.model.Ride;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

/**
 * A wavefront started at a grid row from the states of the row above ({@link StartRow}, as inpainting hands over
 * the current state's) draws what the raster reference draws from the window's top: the same noise per pixel and,
 * in exact arithmetic, the same LSTM states. In DOUBLE the two differ only by rounding; in FLOAT the started draw is
 * bit-identical for 1 and 2 threads.
 */
class StartRowTest {

	private static final int W = 13, H = 12; // grid 10 × 9 for nb 5

	/** A 4×3 block of pixels to sample with its top-left pixel at (x0, y0), per image. */
	private static boolean[][] blocks(int n, int x0, int y0) {
		boolean[][] m = new boolean[n][W * H];
		for (int b = 0; b < n; b++)
			for (int y = y0 + b % 2; y < y0 + b % 2 + 3; y++)
				for (int x = x0 + b; x < x0 + b + 4; x++) m[b][y * W + x] = true;
		return m;
	}

	/** The states of grid row {@code row} − 1: a forward over the images' pixel rows [0, row + 2) (nb 5: 3 mask rows). */
	private static StartRow startRow(Ride model, List<float[]> images, int row) {
		int h = row + model.mask().rows() - 1;
		List<float[]> top = new ArrayList<>();
		for (float[] im : images) top.add(Arrays.copyOf(im, h * W));
		Ride.Grid g = model.whiten(Neighbourhoods.batch(top, W, h, model.mask(), model.dataType()));
		model.lstm().forward(g.x(), g.batch(), g.rows(), g.cols(), null, false);
		return new StartRow(row, model.lstm().lastRowStates());
	}

	private static SampleOptions options(boolean[][] masks, int n) {
		long[] seeds = new long[n];
		for (int b = 0; b < n; b++) seeds[b] = 100 + b;
		return SampleOptions.perImage(new double[] {-50}, new double[] {300}, masks, seeds, true);
	}

	@Test
	void aStartedWavefrontDrawsWhatTheRasterReferenceDraws() {
		for (boolean extended : new boolean[] {false, true})
			for (int n : new int[] {1, 3}) { // one image: row halves; three: batch parts
				Ride model = SamplingFixtures.model(SamplingFixtures.config(2, extended), DataType.DOUBLE, 81);
				List<float[]> init = SamplingFixtures.images(n, W, H, 82);
				SampleOptions o = options(blocks(n, 3, 6), n); // first sampled pixel row 6 = grid row 4
				Samples ref = RasterSampler.sample(model, init, W, H, o, Progress.NONE, CancelToken.NONE);
				for (int row : new int[] {1, 4}) {
					Samples s = new WavefrontSampler().draw(model, init, W, H, o, startRow(model, init, row), Progress.NONE,
						CancelToken.NONE);
					String what = (extended ? "extended, " : "") + n + " image(s), start row " + row;
					for (int b = 0; b < n; b++) {
						for (int p = 0; p < W * H; p++)
							assertEquals(ref.images()[b][p], s.images()[b][p], 1e-11 * Math.max(1, Math.abs(ref.images()[b][p])),
								what + ", image " + b + ", px " + p);
						assertEquals(ref.logq()[b], s.logq()[b], 1e-11 * Math.abs(ref.logq()[b]), what + ", log q of image " + b);
					}
				}
			}
	}

	@Test
	void aStartedWavefrontIsBitIdenticalForOneAndTwoThreads() {
		for (int n : new int[] {1, 4}) {
			Ride model = SamplingFixtures.model(SamplingFixtures.config(2, false), DataType.FLOAT, 91);
			List<float[]> init = SamplingFixtures.images(n, W, H, 92);
			SampleOptions o = options(blocks(n, 2, 5), n);
			WavefrontSampler sampler = new WavefrontSampler();
			Samples first = null;
			for (int threads : new int[] {1, 2, 1, 2}) {
				model.setThreads(threads);
				Samples s = sampler.draw(model, init, W, H, o, startRow(model, init, 3), Progress.NONE, CancelToken.NONE);
				if (first == null) first = s;
				for (int b = 0; b < n; b++) assertArrayEquals(first.images()[b], s.images()[b], 0, threads + " threads");
				assertArrayEquals(first.logq(), s.logq(), 0, threads + " threads, log q");
			}
		}
	}

	@Test
	void aStartBelowAPixelToSampleIsRefused() {
		Ride model = SamplingFixtures.model(SamplingFixtures.config(1, false), DataType.DOUBLE, 95);
		List<float[]> init = SamplingFixtures.images(1, W, H, 96);
		StartRow below = startRow(model, init, 5);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WavefrontSampler().draw(
			model, init, W, H, options(blocks(1, 3, 6), 1), below, Progress.NONE, CancelToken.NONE));
		assertTrue(e.getMessage().contains("row 4"), e.getMessage());
	}
}
