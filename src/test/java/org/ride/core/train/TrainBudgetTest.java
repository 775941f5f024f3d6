package org.ride.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.train.TrainingLog.StopReason;

/** Random-offset patches, held-out tiles, the time budget and resuming. */
class TrainBudgetTest {

	private static final CausalMask MASK = TrainFixtures.model(DataType.DOUBLE).mask();

	/** 24×24 images whose pixel values are their own (image, y, x) codes, exact in float. */
	private static List<TrainImage> coded(int n) {
		List<TrainImage> l = new java.util.ArrayList<>();
		for (int b = 0; b < n; b++) {
			float[] v = new float[24 * 24];
			for (int i = 0; i < v.length; i++) v[i] = 1000 * b + i;
			l.add(new TrainImage(v, 24, 24));
		}
		return l;
	}

	@Test
	void randomPatchesUseOffsetsOffTheGridAndNeverTouchAHeldOutTile() {
		List<TrainImage> imgs = coded(4);
		TrainConfig cfg = TrainFixtures.config(3).withData(2, 500, 1).withRandomPatches(true).withValidationFraction(0.25);
		TrainData d = TrainData.of(imgs, MASK, cfg);
		assertEquals(16, d.tileSide(), "24×24 images: tiles shrink to 16 px");
		assertEquals(1, d.heldOut().size(), "round(0.25 · 4 tiles)");
		assertEquals(16, d.train().size(), "4 images and their 3 mirrors each");
		Set<Float> held = new HashSet<>();
		for (float v : d.heldOut().get(0)) held.add(v);
		assertEquals(256, held.size());
		PatchSet ps = PatchSet.random(d.train(), d.areas(), 8, 3000, new Random(2));
		Set<Float> seen = new HashSet<>();
		Set<Integer> xs = new HashSet<>();
		for (int n = 0; n < ps.size(); n++) {
			float[] px = ps.batch(n, 1, MASK, DataType.DOUBLE).outputs().dup().data().asFloat();
			for (float v : px) {
				assertFalse(held.contains(v), "patch " + n + " touches the held-out tile (or its mirror) at code " + v);
				seen.add(v);
			}
			if (px[0] < 1000) xs.add((int) px[0] % 24); // first output pixel of unmirrored image 0
		}
		assertTrue(seen.size() > 0.6 * (4 * 24 * 24 - 256), seen.size() + " pixels outside the tile are predicted");
		assertTrue(xs.size() > 3, "offsets off the 8-px grid: first-output columns " + xs);
	}

	@Test
	void minutesStopsWithinTenPercentOfItsBudget() {
		List<TrainImage> imgs = TrainFixtures.images(4, 6);
		double minutes = 0.1; // 6 s
		TrainConfig cfg = TrainFixtures.config(2).withStages(new int[] { 8, 10, 12 }, new double[] { 0.01 })
			.withMethod(TrainConfig.Method.ADAM, 0.9, 0.9, 0.999).withData(1, 16, 1).withRandomPatches(true)
			.withValidationFraction(0.25).withFinetune(true, 1000, 1000, 200).withMinutes(minutes);
		RideTrainer.train(TrainFixtures.model(DataType.FLOAT), imgs, cfg.withMinutes(0.01), Progress.NONE,
			CancelToken.NONE); // warm-up (class loading, JIT)
		long t0 = System.nanoTime();
		TrainResult r = RideTrainer.train(TrainFixtures.model(DataType.FLOAT), imgs, cfg, Progress.NONE, CancelToken.NONE);
		double sec = (System.nanoTime() - t0) / 1e9;
		assertEquals(StopReason.COMPLETED, r.log().stopReason());
		assertEquals(3, r.log().stagesCompleted());
		assertTrue(Math.abs(sec - 60 * minutes) <= 0.1 * 60 * minutes, "ran " + sec + " s of a " + 60 * minutes + " s budget");
		int batches = r.log().lossBits().length;
		assertTrue(batches > 3 * 16 / 4, batches + " batches: more than one epoch per stage fits the budget");
	}

	@Test
	void resumingAfterACancelAtAStageBoundaryEqualsAnUninterruptedRun() {
		List<TrainImage> imgs = TrainFixtures.images(4, 7);
		TrainConfig cfg = TrainFixtures.config(9).withStages(new int[] { 8, 10, 12 }, new double[] { 0.5, 0.003 })
			.withValidationFraction(0.25).withFinetune(true, 5, 500, 100).withData(1, 12, 1).withRandomPatches(true);
		TrainResult whole = RideTrainer.train(TrainFixtures.model(DataType.DOUBLE), imgs, cfg, Progress.NONE,
			CancelToken.NONE);
		CancelToken token = new CancelToken();
		Progress cancelAfterStage1 = (s, step, total, msg) -> {
			if (s.startsWith("stage 1/3") && s.endsWith("done")) token.cancel("test");
		};
		TrainResult part = RideTrainer.train(TrainFixtures.model(DataType.DOUBLE), imgs, cfg, cancelAfterStage1, token);
		assertEquals(StopReason.CANCELLED, part.log().stopReason());
		assertEquals(1, part.log().stagesCompleted());
		TrainResult rest = RideTrainer.resume(part.model(), imgs, cfg, part.log().stagesCompleted(), Progress.NONE,
			CancelToken.NONE);
		assertEquals(StopReason.COMPLETED, rest.log().stopReason());
		assertEquals(whole.log().stagesCompleted(), rest.log().stagesCompleted());
		assertEquals(whole.log().bestStage(), rest.log().bestStage());
		assertArrayEquals(TrainFixtures.parameters(whole.model()), TrainFixtures.parameters(rest.model()),
			"same seed: the resumed run ends where the uninterrupted one does");
	}

	@Test
	void aRunCancelledMidStageResumesToAllStages() {
		List<TrainImage> imgs = TrainFixtures.images(3, 8);
		TrainConfig cfg = TrainFixtures.config(4).withStages(new int[] { 8, 10, 12 }, new double[] { 0.5, 0.003 })
			.withFinetune(true, 3, 500, 100);
		CancelToken token = new CancelToken();
		Progress cancelInStage2 = (s, step, total, msg) -> {
			if (s.startsWith("stage 2/3") && step == 2) token.cancel("test");
		};
		TrainResult part = RideTrainer.train(TrainFixtures.model(DataType.FLOAT), imgs, cfg, cancelInStage2, token);
		assertEquals(1, part.log().stagesCompleted());
		TrainResult rest = RideTrainer.resume(part.model(), imgs, cfg, 1, Progress.NONE, CancelToken.NONE);
		assertEquals(3, rest.log().stagesCompleted());
		for (int k = 0; k < 3; k++) assertEquals(k >= 1, Double.isFinite(rest.log().meanLoss(k)), "stage " + k);
	}
}
