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

/** Inpainting with a 3-channel model: every channel of a hole pixel is filled jointly, nothing else changes. */
class ColourInpaintingTest {

	private static final int W = 20, H = 20, C = 3, PLANE = W * H;

	/** Three correlated channels at different levels: 100 + s, 60 + 0.8 s, 20 + 0.5 s plus noise. */
	static float[] colour(long seed) {
		float[] g = InpainterTest.texture(seed);
		Random r = new Random(seed + 1);
		float[] im = new float[C * PLANE];
		double[] off = { 0, -40, -80 }, gain = { 1, 0.8, 0.5 };
		for (int c = 0; c < C; c++)
			for (int p = 0; p < PLANE; p++)
				im[c * PLANE + p] = (float) (off[c] + 100 + gain[c] * (g[p] - 100) + r.nextGaussian());
		return im;
	}

	static Ride model(DataType dt) {
		Ride m = new Ride(RideConfig.tiny().withNumChannels(C), dt, new Random(3));
		List<float[]> train = List.of(colour(1), colour(2), colour(3));
		Neighbourhoods nb = Neighbourhoods.batch(train, W, H, m.mask(), DataType.DOUBLE);
		m.setWhitening(Whitening.fit(nb.inputs().transpose(), nb.outputs().transpose()));
		return m;
	}

	private static final InpaintOptions SMALL = new InpaintOptions(3, 9, 3, 2, 2, true, 2, 0, 255, 7);
	private static final double[] LO = { 60, 30, 5 }, HI = { 140, 95, 40 };

	@Test
	void everyChannelOfTheHoleIsFilledWithinItsOwnRangeAndNothingElseChanges() {
		Ride m = model(DataType.FLOAT);
		float[] img = colour(10), before = img.clone();
		boolean[] hole = InpainterTest.rect(7, 7, 5, 5);
		InpaintResult r = Inpainter.inpaint(m, img, W, H, hole, SMALL, LO, HI, Progress.NONE, CancelToken.NONE);
		assertArrayEquals(before, img, "the input image must not be modified");
		assertEquals(C * PLANE, r.image().length);
		assertEquals(C * PLANE, r.posteriorMean().length);
		assertEquals(PLANE, r.acceptance().length);
		for (int c = 0; c < C; c++) {
			int changed = 0;
			for (int p = 0; p < PLANE; p++) {
				float v = r.image()[c * PLANE + p];
				if (!hole[p]) assertEquals(img[c * PLANE + p], v, "channel " + c + " pixel " + p + " outside the hole");
				else {
					assertTrue(v >= LO[c] && v <= HI[c], "channel " + c + " value " + v + " in its clip range");
					if (v != img[c * PLANE + p]) changed++;
				}
			}
			assertEquals(25, changed, "every hole pixel of channel " + c + " is re-drawn");
		}
		assertTrue(Double.isFinite(r.regionBits()));
	}

	@Test
	void theBatchedColourChainEqualsOneWindowAtATime() {
		Ride m = model(DataType.DOUBLE);
		float[] img = colour(9);
		boolean[] hole = InpainterTest.rect(6, 7, 7, 6);
		InpaintResult batched = Inpainter.run(m, img, W, H, hole, SMALL, Progress.NONE, CancelToken.NONE, Integer.MAX_VALUE);
		InpaintResult single = Inpainter.run(m, img, W, H, hole, SMALL, Progress.NONE, CancelToken.NONE, 1);
		for (int p = 0; p < img.length; p++) assertEquals(single.image()[p], batched.image()[p], 1e-6, "value " + p);
	}

	@Test
	void aGrayImageForAColourModelIsRefusedNamingTheChannels() {
		Ride m = model(DataType.FLOAT);
		var e = assertThrows(IllegalArgumentException.class, () -> Inpainter.inpaint(m, InpainterTest.texture(4), W, H,
			InpainterTest.rect(7, 7, 3, 3), SMALL, Progress.NONE, CancelToken.NONE));
		assertTrue(e.getMessage().contains("3 × 20×20"), e.getMessage());
	}
}
