package org.ride.core.inpaint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.whitening.Whitening;

class InpainterTest {

	private static final int W = 20, H = 20;

	/** A smooth texture plus noise: neighbouring pixels constrain each other strongly. */
	static float[] texture(long seed) {
		Random r = new Random(seed);
		float[] im = new float[W * H];
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				im[y * W + x] = (float) (100 + 30 * Math.sin(0.5 * x + 0.3 * y) + 3 * r.nextGaussian());
		return im;
	}

	static Ride model(DataType dt) {
		Ride m = new Ride(RideConfig.tiny(), dt, new Random(3));
		List<float[]> train = List.of(texture(1), texture(2), texture(3));
		Neighbourhoods nb = Neighbourhoods.batch(train, W, H, m.mask(), DataType.DOUBLE);
		m.setWhitening(Whitening.fit(nb.inputs().transpose(), nb.outputs().transpose()));
		return m;
	}

	static boolean[] rect(int x0, int y0, int w, int h) {
		boolean[] m = new boolean[W * H];
		for (int y = y0; y < y0 + h; y++)
			for (int x = x0; x < x0 + w; x++) m[y * W + x] = true;
		return m;
	}

	private static final InpaintOptions SMALL = new InpaintOptions(3, 9, 3, 2, 2, true, 2, 0, 255, 7);

	@Test
	void theBatchedSweepGivesTheSameChainAsOneWindowAtATime() {
		Ride m = model(DataType.DOUBLE);
		float[] img = texture(9);
		boolean[] hole = rect(6, 7, 7, 6);
		InpaintResult batched = Inpainter.run(m, img, W, H, hole, SMALL, Progress.NONE, CancelToken.NONE, Integer.MAX_VALUE);
		InpaintResult single = Inpainter.run(m, img, W, H, hole, SMALL, Progress.NONE, CancelToken.NONE, 1);
		for (int p = 0; p < img.length; p++) assertEquals(single.image()[p], batched.image()[p], 1e-6, "pixel " + p);
		assertArrayEquals(single.acceptance(), batched.acceptance(), 1e-12f);
	}

	@Test
	void aFloatChainIsBitIdenticalForOneAndTwoThreads() {
		Ride m = model(DataType.FLOAT);
		float[] img = texture(10);
		boolean[] hole = rect(5, 8, 8, 7); // every block starts below the window's top: started wavefronts and forwards
		InpaintResult first = null;
		for (int threads : new int[] {1, 2, 1, 2}) {
			m.setThreads(threads);
			InpaintResult r = Inpainter.inpaint(m, img, W, H, hole, SMALL, Progress.NONE, CancelToken.NONE);
			if (first == null) first = r;
			assertArrayEquals(first.image(), r.image(), 0f, threads + " threads");
			assertArrayEquals(first.acceptance(), r.acceptance(), 0f, threads + " threads, acceptance");
		}
	}

	@Test
	void onlyTheHoleChangesTheInputIsUntouchedAndDiagnosticsAreFilled() {
		Ride m = model(DataType.FLOAT);
		float[] img = texture(10), before = img.clone();
		boolean[] hole = rect(7, 7, 5, 5);
		InpaintResult r = Inpainter.inpaint(m, img, W, H, hole, SMALL, Progress.NONE, CancelToken.NONE);
		assertArrayEquals(before, img, "the input image must not be modified");
		int changed = 0;
		for (int p = 0; p < img.length; p++) {
			if (!hole[p]) {
				assertEquals(img[p], r.image()[p], "pixel " + p + " outside the hole");
				assertTrue(Float.isNaN(r.acceptance()[p]));
			} else {
				if (r.image()[p] != img[p]) changed++;
				assertTrue(r.image()[p] >= 0 && r.image()[p] <= 255);
				assertTrue(r.acceptance()[p] >= 0 && r.acceptance()[p] <= 1);
				assertTrue(Float.isFinite(r.posteriorMean()[p]));
			}
		}
		assertEquals(25, changed, "every hole pixel is re-drawn");
		assertEquals(3, r.sweeps());
		assertTrue(Double.isFinite(r.regionBits()));
	}

	@Test
	void holesTouchingEachBorderAndASinglePixelAreFilled() {
		Ride m = model(DataType.FLOAT);
		float[] img = texture(11);
		boolean[][] holes = { rect(0, 5, 4, 6), rect(16, 5, 4, 6), rect(5, 0, 6, 3), rect(5, 17, 6, 3), rect(0, 0, 3, 3),
			rect(19, 19, 1, 1), rect(9, 9, 1, 1) };
		for (boolean[] hole : holes) {
			InpaintResult r = Inpainter.inpaint(m, img, W, H, hole, SMALL.withSweeps(1), Progress.NONE, CancelToken.NONE);
			for (int p = 0; p < img.length; p++) {
				if (hole[p]) assertTrue(r.image()[p] != img[p] && Float.isFinite(r.image()[p]), "hole pixel " + p);
				else assertEquals(img[p], r.image()[p]);
			}
		}
	}

	@Test
	void anEmptyOrWholeImageRegionIsRefusedWithAClearMessage() {
		Ride m = model(DataType.FLOAT);
		var e = assertThrows(IllegalArgumentException.class,
			() -> Inpainter.inpaint(m, texture(1), W, H, new boolean[W * H], SMALL, Progress.NONE, CancelToken.NONE));
		assertTrue(e.getMessage().contains("empty"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class,
			() -> Inpainter.inpaint(m, texture(1), W, H, rect(0, 0, W, H), SMALL, Progress.NONE, CancelToken.NONE));
		assertTrue(e.getMessage().contains("whole image"), e.getMessage());
	}

	@Test
	void cancelReturnsTheMostLikelyStateSoFar() {
		Ride m = model(DataType.FLOAT);
		CancelToken token = new CancelToken();
		Progress cancelAtSecondSweep = (stage, step, total, msg) -> {
			if (step == 2 && stage.equals("inpainting")) token.cancel("user pressed Esc");
		};
		InpaintResult r = Inpainter.inpaint(m, texture(12), W, H, rect(7, 7, 5, 5), SMALL.withSweeps(10),
			cancelAtSecondSweep, token);
		assertTrue(r.cancelled());
		assertEquals(2, r.sweeps());
		for (float v : r.image()) assertTrue(Float.isFinite(v));
	}

	/**
	 * One missing pixel, no flips: the chain's stationary distribution is π(v) ∝ exp(L(v)), L = the summed
	 * log-likelihood of the window around it. Its moments, computed by numerical integration over v, must
	 * match the chain's. The pixels after v constrain it, so π differs from the proposal and a wrong MH
	 * ratio would show.
	 */
	@Test
	void theChainSamplesTheExactPosteriorOfASingleMissingPixel() {
		Ride m = model(DataType.DOUBLE);
		float[] img = texture(13);
		int hx = 10, hy = 10, win = 9, margin = 4;
		boolean[] hole = rect(hx, hy, 1, 1);
		int n = 801;
		double lo = 0, hi = 200;
		List<float[]> windows = new ArrayList<>();
		for (int k = 0; k < n; k++) {
			float[] w = new float[win * win];
			for (int y = 0; y < win; y++)
				for (int x = 0; x < win; x++) w[y * win + x] = img[(hy - margin + y) * W + hx - margin + x];
			w[margin * win + margin] = (float) (lo + (hi - lo) * k / (n - 1));
			windows.add(w);
		}
		float[] ll = Inpainter.windowLogLikelihoods(m, windows, win);
		int per = ll.length / n;
		double[] logp = new double[n];
		double max = Double.NEGATIVE_INFINITY;
		for (int k = 0; k < n; k++) {
			for (int t = 0; t < per; t++) logp[k] += ll[k * per + t];
			max = Math.max(max, logp[k]);
		}
		double z = 0, mean = 0, sq = 0;
		for (int k = 0; k < n; k++) {
			double p = Math.exp(logp[k] - max), v = lo + (hi - lo) * k / (n - 1);
			z += p;
			mean += p * v;
			sq += p * v * v;
		}
		mean /= z;
		double sd = Math.sqrt(sq / z - mean * mean);
		int sweeps = 300;
		InpaintOptions o = new InpaintOptions(sweeps, win, 1, 1, 0, false, 0, lo, hi, 5);
		float[] start = img.clone();
		start[hy * W + hx] = (float) mean;
		PaddedImage st = new PaddedImage(start, hole, W, H, win);
		Inpainter.Chain c = new Inpainter.Chain(m, st, o, CancelToken.NONE, Integer.MAX_VALUE);
		int at = (hy + win) * st.pw + hx + win;
		double[] chain = new double[sweeps];
		double accepted = 0;
		for (int s = 0; s < sweeps; s++) {
			accepted += c.sweep(s);
			chain[s] = st.pix[at];
		}
		double cm = 0, cv = 0;
		for (double v : chain) cm += v / sweeps;
		for (double v : chain) cv += (v - cm) * (v - cm) / (sweeps - 1);
		double a = (double) accepted / sweeps, ess = sweeps * a / (2 - a);
		assertTrue(a > 0.1, "acceptance " + a);
		assertEquals(mean, cm, 4 * sd / Math.sqrt(ess), "posterior mean (exact sd " + sd + ", acceptance " + a + ")");
		assertEquals(sd, Math.sqrt(cv), 0.3 * sd, "posterior sd");
	}
}
