package org.ride.core.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

/**
 * The loss jump after an L-BFGS refit (issue 9, {@link RideTrainer} "Why the presets use ADAM"): the refit
 * sharpens the MCGSM, and momentum SGD at a rate chosen before the refit then throws the LSTM out of its
 * basin; ADAM's gradient-scaled steps do not.
 */
class RefitStabilityTest {

	private static double maxRise(TrainingLog log) {
		double rise = Double.NEGATIVE_INFINITY;
		for (int k = 1; k < log.stagesCompleted(); k++) rise = Math.max(rise, log.meanLoss(k) - log.meanLoss(k - 1));
		return rise;
	}

	/** The demo's training image: the 128×128 crop at (192, 192) of sample-images/grass.png, dequantised. */
	private static List<TrainImage> grassCrop() throws IOException {
		BufferedImage im = ImageIO.read(new File("sample-images/grass.png"));
		float[] v = new float[128 * 128];
		Random u = new Random(1);
		for (int y = 0; y < 128; y++)
			for (int x = 0; x < 128; x++) v[y * 128 + x] = (im.getRaster().getSample(192 + x, 192 + y, 0) + (float) u.nextDouble());
		return List.of(new TrainImage(v, 128, 128));
	}

	@Test
	void adamStaysStableAfterEachRefitWhereSgdJumps() throws IOException {
		List<TrainImage> imgs = grassCrop();
		// the former fast preset: SGD 1 → 0.001 over patches 8, 12, 16, every grid patch once
		TrainConfig sgd = TrainConfig.fast(1).withMinutes(0).withRandomPatches(false).withValidationFraction(0)
			.withMethod(TrainConfig.Method.SGD, 0.9, 0.9, 0.999).withStages(new int[] { 8, 12, 16 },
				new double[] { 1.0, 0.1, 0.01 });
		TrainConfig adam = sgd.withMethod(TrainConfig.Method.ADAM, 0.9, 0.9, 0.999).withStages(sgd.patchSizes(),
			TrainConfig.fast(1).learningRates());
		TrainingLog s = train(imgs, sgd), a = train(imgs, adam);
		assertTrue(maxRise(s) > 1, "SGD after the refit: stage means" + means(s));
		assertTrue(maxRise(a) < 0.1, "ADAM after the refit: stage means" + means(a));
	}

	private static TrainingLog train(List<TrainImage> imgs, TrainConfig cfg) {
		return RideTrainer.train(new Ride(RideConfig.fast(), DataType.FLOAT, new Random(1)), imgs, cfg, Progress.NONE,
			CancelToken.NONE).log();
	}

	private static String means(TrainingLog l) {
		StringBuilder b = new StringBuilder();
		for (int k = 0; k < l.stagesCompleted(); k++) b.append(String.format(java.util.Locale.ROOT, " %.3f", l.meanLoss(k)));
		return b.toString();
	}
}
