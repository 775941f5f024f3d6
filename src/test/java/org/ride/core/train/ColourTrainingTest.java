package org.ride.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.model.Evaluation;
import org.ride.core.model.LogLikelihoodMap;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.model.Symmetry;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.sample.Samples;
import org.ride.core.sample.TextureSynthesis;

/**
 * Colour at the engine level (spec §3.1, §6, pitfall 24): a C-channel model predicts all channels of a pixel
 * jointly (MCGSM with D = C, full Cholesky) from the causal past of every channel; no channel of the current
 * pixel is an input.
 */
class ColourTrainingTest {

	static final int SIDE = TrainFixtures.SIDE, C = 3;

	/**
	 * Colour dead leaves: every disc has one luminance and a slightly different tint per channel, plus
	 * independent noise per channel, so the channels of a pixel are strongly but not perfectly correlated.
	 */
	static List<TrainImage> colourImages(int n, long seed) {
		Random r = new Random(seed);
		List<TrainImage> out = new ArrayList<>();
		int plane = SIDE * SIDE;
		for (TrainImage g : TrainFixtures.images(n, seed)) {
			float[] im = new float[C * plane];
			double[] tint = { 1.0, 0.8 + 0.1 * r.nextDouble(), 0.6 + 0.1 * r.nextDouble() };
			for (int c = 0; c < C; c++)
				for (int p = 0; p < plane; p++) im[c * plane + p] = (float) (tint[c] * g.pixels()[p] + 0.01 * r.nextGaussian());
			out.add(new TrainImage(im, SIDE, SIDE));
		}
		return out;
	}

	static TrainImage channel(TrainImage im, int c) {
		int plane = im.width() * im.height();
		return new TrainImage(java.util.Arrays.copyOfRange(im.pixels(), c * plane, (c + 1) * plane), im.width(),
			im.height());
	}

	static Ride trained(List<TrainImage> imgs, int channels, long seed) {
		Ride m = new Ride(RideConfig.tiny().withNumChannels(channels), DataType.FLOAT, new Random(seed));
		return RideTrainer.train(m, imgs, TrainFixtures.config(seed), Progress.NONE, CancelToken.NONE).model();
	}

	static double totalBits(Ride m, TrainImage im) {
		LogLikelihoodMap map = LogLikelihoodMap.compute(m, im.pixels(), im.width(), im.height(), Progress.NONE,
			CancelToken.NONE);
		return map.meanBitsPerPixel(1); // all channels of a pixel together
	}

	@Test
	void theJointModelBeatsThreeIndependentGrayModelsOnHeldOutColourData() {
		List<TrainImage> train = colourImages(6, 21), test = colourImages(2, 99);
		Ride joint = trained(train, C, 3);
		assertEquals(C, joint.config().numChannels());
		assertEquals(C, joint.mcgsm().config().dimOut());
		double jointBits = 0, grayBits = 0;
		for (TrainImage t : test) jointBits += totalBits(joint, t);
		for (int c = 0; c < C; c++) {
			List<TrainImage> plane = new ArrayList<>();
			for (TrainImage t : train) plane.add(channel(t, c));
			Ride gray = trained(plane, 1, 3);
			for (TrainImage t : test) grayBits += totalBits(gray, channel(t, c));
		}
		// the tints make G and B nearly linear in R at every pixel: the joint density must use that
		assertTrue(jointBits > grayBits + test.size() * 1.0, "joint " + jointBits / test.size()
			+ " bits/px vs three gray models " + grayBits / test.size());
	}

	@Test
	void noChannelOfTheCurrentPixelIsAnInputAndEveryChannelCounts() {
		Ride m = trained(colourImages(3, 5), C, 8);
		TrainImage im = colourImages(1, 77).get(0);
		int w = im.width(), h = im.height(), plane = w * h, px = 10 * w + 12;
		float[] a = im.pixels().clone();
		float[] base = LogLikelihoodMap.compute(m, a, w, h, Progress.NONE, CancelToken.NONE).nats();
		for (int c = 0; c < C; c++) {
			float[] b = a.clone();
			b[c * plane + px] += 0.3f;
			float[] changed = LogLikelihoodMap.compute(m, b, w, h, Progress.NONE, CancelToken.NONE).nats();
			assertNotEquals(base[px], changed[px], "channel " + c + " of the pixel must count in its likelihood");
			for (int p = 0; p < px; p++)
				if (!Float.isNaN(base[p])) assertEquals(base[p], changed[p], 0f, "pixel " + p + " before the changed one"
					+ " (channel " + c + ") must not see it");
		}
	}

	@Test
	void theEnsembleOfAColourModelIsInvariantUnderTheSymmetriesOfItsInput() {
		Ride m = trained(colourImages(3, 6), C, 9);
		TrainImage im = colourImages(1, 31).get(0);
		float[] crop = im.crop(0, 0, 16, 16);
		double a = Evaluation.ensemble(m, List.of(crop), 16, Progress.NONE, CancelToken.NONE).mean();
		for (Symmetry t : new Symmetry[] { Symmetry.FLIP_H, Symmetry.TRANSPOSE_FLIP_V }) {
			double b = Evaluation.ensemble(m, List.of(t.applyPlanes(crop, C, 16, 16)), 16, Progress.NONE,
				CancelToken.NONE).mean();
			assertEquals(a, b, 1e-4 * Math.max(1, Math.abs(a)), t + " permutes the 8 transforms");
		}
		assertTrue(Double.isFinite(a));
	}

	@Test
	void aColourSynthesisHasEveryChannelInItsOwnClipRange() {
		Ride m = trained(colourImages(3, 7), C, 10);
		double[] lo = { 0.1, 0.2, 0.15 }, hi = { 0.6, 0.5, 0.4 };
		Samples s = TextureSynthesis.synthesize(m, TextureSynthesis.Options.of(12, 10, 4).withClip(lo, hi), Progress.NONE,
			CancelToken.NONE);
		assertEquals(C, s.channels());
		double[] img = s.images()[0];
		assertEquals(C * 12 * 10, img.length);
		for (int c = 0; c < C; c++) {
			double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
			for (int p = 0; p < 120; p++) {
				min = Math.min(min, img[c * 120 + p]);
				max = Math.max(max, img[c * 120 + p]);
			}
			assertTrue(min >= lo[c] && max <= hi[c], "channel " + c + " in [" + min + ", " + max + "]");
			assertTrue(max > min, "channel " + c + " is sampled, not constant");
		}
	}
}
