package org.ride.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.model.Ride;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.train.TrainingLog.StopReason;
import org.ride.core.whitening.Whitening;

class RideTrainerInputTest {

	private static final CausalMask MASK = CausalMask.of(5);

	private static String fails(Executable e) {
		return assertThrows(IllegalArgumentException.class, e).getMessage();
	}

	private static TrainResult train(List<TrainImage> imgs, TrainConfig cfg) {
		return RideTrainer.train(TrainFixtures.model(DataType.DOUBLE), imgs, cfg, Progress.NONE, CancelToken.NONE);
	}

	private static TrainConfig noFinetune() {
		return TrainFixtures.config(1).withFinetune(false, 1, 1, 0);
	}

	@Test
	void augmentationDoublesThePatchesAndMirrorsTheImages() {
		List<TrainImage> imgs = TrainFixtures.images(2, 1);
		int[] patches = new int[3];
		for (int aug = 0; aug <= 2; aug++) {
			TrainData d = TrainData.of(imgs, MASK, TrainFixtures.config(1).withData(aug, 0, 1));
			assertEquals(2 << aug, d.train().size());
			patches[aug] = PatchSet.grid(d.train(), d.areas(), 8, 0, new Random(1)).size();
		}
		assertEquals(2 * 9, patches[0], "two 24×24 images hold 9 non-overlapping 8×8 patches each");
		assertEquals(2 * patches[0], patches[1]);
		assertEquals(4 * patches[0], patches[2]);
		List<TrainImage> all = TrainData.of(imgs, MASK, TrainFixtures.config(1).withData(2, 0, 1)).train();
		int w = TrainFixtures.SIDE, x = 3, y = 5;
		float p = imgs.get(1).pixels()[y * w + x];
		assertEquals(p, all.get(3).pixels()[y * w + (w - 1 - x)], "left-right mirror of image 1");
		assertEquals(p, all.get(5).pixels()[(w - 1 - y) * w + x], "up-down mirror of image 1");
		assertEquals(p, all.get(7).pixels()[(w - 1 - y) * w + (w - 1 - x)], "both mirrors of image 1");
	}

	@Test
	void aPatchCapKeepsARandomSubsetAndTheShuffleIsAPermutation() {
		List<TrainImage> imgs = TrainFixtures.images(2, 1);
		assertEquals(5, PatchSet.grid(imgs, TrainFixtures.whole(imgs), 8, 5, new Random(1)).size());
		PatchSet all = PatchSet.grid(imgs, TrainFixtures.whole(imgs), 8, 0, new Random(1));
		java.util.Set<String> seen = new java.util.HashSet<>();
		for (int n = 0; n < all.size(); n++) {
			float[] px = all.batch(n, 1, MASK, DataType.DOUBLE).inputs().dup().data().asFloat();
			seen.add(java.util.Arrays.toString(px));
		}
		assertEquals(18, seen.size(), "every patch exactly once");
	}

	@Test
	void badImageListsAreRefusedWithClearMessages() {
		assertTrue(fails(() -> train(List.of(), noFinetune())).contains("no training images"));
		assertTrue(fails(() -> RideTrainer.train(TrainFixtures.model(DataType.DOUBLE), null, 24, 24, noFinetune(),
			Progress.NONE, CancelToken.NONE)).contains("no training images"));
		List<TrainImage> small = List.of(TrainFixtures.images(1, 1).get(0), new TrainImage(new float[36], 6, 6));
		String m = fails(() -> train(small, noFinetune()));
		assertTrue(m.contains("image 1 is 6×6") && m.contains("8×8"), m);
		m = fails(() -> train(TrainFixtures.images(1, 1), noFinetune().withStages(new int[] { 8, 32 }, new double[] { 1 })));
		assertTrue(m.contains("stage 2") && m.contains("32×32"), m);
		m = fails(() -> train(TrainFixtures.images(1, 1), noFinetune().withStages(new int[] { 4 }, new double[] { 1 })));
		assertTrue(m.contains("4×4") && m.contains("nb_size=5"), m);
		m = fails(() -> train(List.of(new TrainImage(new float[2 * 24 * 24], 24, 24)), noFinetune()));
		assertTrue(m.contains("2 channel(s)") && m.contains("predicts 1"), m);
		m = fails(() -> train(TrainFixtures.images(2, 1), noFinetune().withValidationFraction(0.9)));
		assertTrue(m.contains("leaving none to train on"), m);
	}

	@Test
	void aConstantImageSurfacesTheWhiteningsMessageUnchanged() {
		float[] flat = new float[24 * 24];
		java.util.Arrays.fill(flat, 0.5f);
		Neighbourhoods nb = Neighbourhoods.grid(flat, 24, 24, MASK, DataType.DOUBLE);
		String direct = fails(() -> Whitening.fit(nb.inputs().transpose(), nb.outputs().transpose()));
		assertEquals(direct, fails(() -> train(List.of(new TrainImage(flat, 24, 24)), noFinetune())));
	}

	@Test
	void tinyImagesTrainOnOneShortBatchAndSaySo() {
		List<String> messages = new ArrayList<>();
		TrainConfig cfg = noFinetune().withStages(new int[] { 8 }, new double[] { 0.1 });
		TrainImage im = new TrainImage(TrainFixtures.images(1, 2).get(0).crop(0, 0, 9, 10), 9, 10);
		Ride m = TrainFixtures.model(DataType.DOUBLE);
		TrainResult r = RideTrainer.train(m, List.of(im), cfg, (s, step, total, msg) -> messages.add(msg),
			CancelToken.NONE);
		assertEquals(StopReason.COMPLETED, r.log().stopReason());
		assertEquals(1, r.log().lossBits().length, "one 8×8 patch and its mirror: one batch of 2");
		assertTrue(messages.stream().anyMatch(s -> s.contains("only 2 patches")), messages.toString());
		assertTrue(messages.stream().anyMatch(s -> s.matches("loss -?[0-9.]+ bits/px \\(mean of last 1\\), ETA [0-9]+s.*")),
			messages.toString());
		assertTrue(r.log().notes().get(0).contains("only 2 patches"));
	}

	@Test
	void adamTrainsToAFiniteModel() {
		TrainConfig cfg = noFinetune().withMethod(TrainConfig.Method.ADAM, 0.9, 0.9, 0.999)
			.withStages(new int[] { 8 }, new double[] { 0.01 });
		TrainResult r = train(TrainFixtures.images(2, 3), cfg);
		assertEquals(StopReason.COMPLETED, r.log().stopReason());
		for (double v : TrainFixtures.parameters(r.model())) assertTrue(Double.isFinite(v));
	}
}
