package org.ride.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ride.core.model.LogLikelihoodMap;
import org.ride.core.model.Ride;
import org.ride.core.optim.Optimizer;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.train.TrainingLog.StopReason;

class RideTrainerTest {

	/** Relative tolerance of the first-step check (DOUBLE arithmetic, one axpy). */
	private static final double STEP_TOL = 1e-12;

	private static double heldOutBits(Ride m, TrainImage im) {
		return -LogLikelihoodMap.compute(m, im.pixels(), im.width(), im.height(), 64, Progress.NONE, CancelToken.NONE)
			.meanBitsPerPixel(1);
	}

	@Test
	void trainingLowersTheTrainingLossAndTheHeldOutNll() {
		List<TrainImage> train = TrainFixtures.images(3, 1);
		TrainImage test = TrainFixtures.images(1, 99).get(0);
		Ride m = TrainFixtures.model(DataType.FLOAT);
		TrainResult r = RideTrainer.train(m, train, TrainFixtures.config(5), Progress.NONE, CancelToken.NONE);
		TrainingLog log = r.log();
		assertEquals(StopReason.COMPLETED, log.stopReason());
		assertEquals(2, log.stagesCompleted());
		double[] loss = log.lossBits();
		double first = (loss[0] + loss[1] + loss[2]) / 3, last = log.meanLoss(1);
		assertTrue(last < first - 0.2, "training loss: first batches " + first + ", last stage " + last);
		Ride untrained = TrainFixtures.model(DataType.FLOAT);
		untrained.setWhitening(r.model().whitening());
		double before = heldOutBits(untrained, test), after = heldOutBits(r.model(), test);
		assertTrue(after < before - 0.2, "held-out NLL " + before + " -> " + after + " bits/px");
		assertTrue(Double.isFinite(log.finetuneBits()[0]) && Double.isFinite(log.finetuneBits()[1]));
	}

	@Test
	void theSameSeedGivesBitIdenticalResultsAndAnotherSeedDiffers() {
		List<TrainImage> imgs = TrainFixtures.images(3, 2);
		// every random stream in use: held-out choice, whitening subset, shuffles, refit subsets and split
		TrainConfig cfg = TrainFixtures.config(7).withValidationFraction(0.4).withFinetune(true, 3, 300, 100)
			.withWhiteningSamples(500);
		TrainResult a = RideTrainer.train(TrainFixtures.model(DataType.DOUBLE), imgs, cfg, Progress.NONE, CancelToken.NONE);
		TrainResult b = RideTrainer.train(TrainFixtures.model(DataType.DOUBLE), imgs, cfg, Progress.NONE, CancelToken.NONE);
		// another seed: compare the first stage only (cheaper; it already differs in shuffles and split)
		TrainConfig short8 = cfg.withSeed(8).withStages(new int[] { 8 }, new double[] { 0.5 }).withFinetune(false, 1, 1, 0);
		TrainResult c = RideTrainer.train(TrainFixtures.model(DataType.DOUBLE), imgs, short8, Progress.NONE,
			CancelToken.NONE);
		assertEquals(a.log(), b.log());
		assertArrayEquals(TrainFixtures.parameters(a.model()), TrainFixtures.parameters(b.model()));
		assertTrue(a.log().validationBits().length >= 1 && Double.isFinite(a.log().validationBits()[0]));
		double[] aFirst = Arrays.copyOf(a.log().lossBits(), c.log().lossBits().length);
		assertFalse(Arrays.equals(aFirst, c.log().lossBits()), "another seed, another loss history");
		assertFalse(Arrays.equals(a.model().whitening().meanIn(), c.model().whitening().meanIn()),
			"another seed, another whitening subset");
	}

	@Test
	void aCancelAtBatchThreeReturnsAUsableModel() {
		CancelToken token = new CancelToken();
		Progress cancelAt3 = (stage, step, total, msg) -> {
			if (stage.startsWith("stage 1/") && step == 3) token.cancel("test");
		};
		TrainResult r = RideTrainer.train(TrainFixtures.model(DataType.FLOAT), TrainFixtures.images(2, 4),
			TrainFixtures.config(1), cancelAt3, token);
		assertTrue(r.cancelled());
		assertEquals(3, r.log().lossBits().length, "batches 1–3 ran, none after the cancel");
		assertEquals(0, r.log().stagesCompleted());
		for (double v : TrainFixtures.parameters(r.model())) assertTrue(Double.isFinite(v));
		TrainImage im = TrainFixtures.images(1, 5).get(0);
		LogLikelihoodMap map = LogLikelihoodMap.compute(r.model(), im.pixels(), im.width(), im.height(), 64,
			Progress.NONE, CancelToken.NONE);
		assertTrue(Double.isFinite(map.meanBitsPerPixel(1)));
	}

	@Test
	void aCancelDuringTheRefitKeepsTheTrainedStage() {
		CancelToken token = new CancelToken();
		Progress cancelInRefit = (stage, step, total, msg) -> {
			if (stage.endsWith("finetune") && msg.startsWith("iteration 2")) token.cancel("test");
		};
		TrainConfig cfg = TrainFixtures.config(1).withStages(new int[] { 8 }, new double[] { 0.5 });
		TrainResult r = RideTrainer.train(TrainFixtures.model(DataType.DOUBLE), TrainFixtures.images(2, 4), cfg,
			cancelInRefit, token);
		assertTrue(r.cancelled());
		assertEquals(0, r.log().stagesCompleted());
		assertEquals(2 * 2 * 9 / 4, r.log().lossBits().length, "every batch of the stage ran before the refit");
		for (double v : TrainFixtures.parameters(r.model())) assertTrue(Double.isFinite(v));
	}

	/** Records the parameters and gradients around every step of the optimiser it wraps. */
	private static final class Spy implements Optimizer {
		final Optimizer inner;
		final List<double[][]> before = new ArrayList<>(), grads = new ArrayList<>(), after = new ArrayList<>();

		Spy(Optimizer inner) {
			this.inner = inner;
		}

		private static double[][] copy(List<INDArray> l) {
			double[][] c = new double[l.size()][];
			for (int i = 0; i < c.length; i++) c[i] = l.get(i).dup('c').data().asDouble();
			return c;
		}

		@Override
		public void step(List<INDArray> params, List<INDArray> g) {
			before.add(copy(params));
			grads.add(copy(g));
			inner.step(params, g);
			after.add(copy(params));
		}

		@Override public void reset() { inner.reset(); }
		@Override public void setLearningRate(double lr) { inner.setLearningRate(lr); }
		@Override public double learningRate() { return inner.learningRate(); }

		/** True if step s moved every value by exactly −lr·g (no momentum term). */
		boolean plainGradientStep(int s) {
			double lr = inner.learningRate();
			for (int a = 0; a < before.get(s).length; a++)
				for (int i = 0; i < before.get(s)[a].length; i++) {
					double want = before.get(s)[a][i] - lr * grads.get(s)[a][i], got = after.get(s)[a][i];
					if (Math.abs(got - want) > STEP_TOL * Math.max(1, Math.abs(want))) return false;
				}
			return true;
		}
	}

	@Test
	void momentumIsResetAtEveryStage() {
		List<Spy> spies = new ArrayList<>();
		RideTrainer t = new RideTrainer(TrainFixtures.config(3).withFinetune(false, 1, 1, 0), Progress.NONE,
			CancelToken.NONE);
		var real = t.optimizers;
		t.optimizers = lr -> {
			Spy s = new Spy(real.apply(lr));
			spies.add(s);
			return s;
		};
		TrainResult r = t.run(TrainFixtures.model(DataType.DOUBLE), TrainFixtures.images(2, 6));
		assertEquals(StopReason.COMPLETED, r.log().stopReason());
		assertEquals(2, spies.size(), "one optimiser per stage");
		assertEquals(0.5, spies.get(0).learningRate());
		assertEquals(0.003, spies.get(1).learningRate());
		assertTrue(spies.get(0).plainGradientStep(0), "first step of stage 1: v = −g");
		assertFalse(spies.get(0).plainGradientStep(1), "second step of stage 1 carries momentum");
		assertTrue(spies.get(1).plainGradientStep(0), "first step of stage 2: momentum was reset");
		assertFalse(spies.get(1).plainGradientStep(1));
	}

	@Test
	void theStageWithTheBestHeldOutNllIsTheOneReturned() {
		List<TrainImage> imgs = TrainFixtures.images(4, 8);
		TrainConfig two = TrainFixtures.config(4).withValidationFraction(0.25).withFinetune(false, 1, 1, 0);
		TrainConfig one = two.withStages(new int[] { 8 }, new double[] { 0.5 });
		TrainResult ref = RideTrainer.train(TrainFixtures.model(DataType.DOUBLE), imgs, one, Progress.NONE,
			CancelToken.NONE);
		RideTrainer t = new RideTrainer(two, Progress.NONE, CancelToken.NONE);
		var real = t.optimizers;
		int[] stage = { 0 };
		t.optimizers = lr -> {
			Optimizer o = real.apply(lr);
			if (stage[0]++ == 0) return o;
			return new Optimizer() { // stage 2 vandalises the MCGSM: a large shift of every parameter group
				@Override public void step(List<INDArray> params, List<INDArray> g) { params.get(params.size() - 1).addi(3.0); }
				@Override public void reset() {}
				@Override public void setLearningRate(double x) {}
				@Override public double learningRate() { return lr; }
			};
		};
		Ride start = TrainFixtures.model(DataType.DOUBLE);
		TrainResult r = t.run(start, imgs);
		assertEquals(StopReason.COMPLETED, r.log().stopReason());
		assertEquals(2, r.log().stagesCompleted(), "training goes on after a worse stage");
		assertEquals(0, r.log().bestStage());
		double[] v = r.log().validationBits();
		assertEquals(2, v.length);
		assertTrue(v[1] > v[0]);
		assertNotSame(start, r.model());
		assertArrayEquals(TrainFixtures.parameters(ref.model()), TrainFixtures.parameters(r.model()),
			"the model after stage 1, as a run with only stage 1 gives it");
		assertEquals(ref.log().validationBits()[0], v[0]);
	}

	/**
	 * The loss is optimised on whitened data, the held-out score is the pixels' NLL; the two differ by the
	 * whitening's log-Jacobian (here over 4 bits/px: pixels in [0, 1] with 0.02 noise). Each stage's summary shows
	 * both in the pixels' units, so that a user comparing them sees over- or underfitting, not the offset.
	 */
	@Test
	void theStageSummaryShowsTrainingLossAndHeldOutNllInTheSameUnits() {
		List<TrainImage> imgs = TrainFixtures.images(4, 8);
		TrainConfig cfg = TrainFixtures.config(4).withValidationFraction(0.25).withFinetune(false, 1, 1, 0)
			.withStages(new int[] { 8 }, new double[] { 0.5 });
		List<String> summaries = new ArrayList<>(), batches = new ArrayList<>();
		Progress p = (name, step, total, msg) -> {
			if (msg != null && msg.startsWith("train ")) summaries.add(msg);
			if (msg != null && msg.startsWith("loss ")) batches.add(msg);
		};
		TrainResult r = RideTrainer.train(TrainFixtures.model(DataType.DOUBLE), imgs, cfg, p, CancelToken.NONE);
		double jacobian = r.model().logJacobianBits();
		assertTrue(Math.abs(jacobian) > 2, "the fixture's offset is large enough to show: " + jacobian);
		assertEquals(1, summaries.size(), summaries.toString());
		String[] w = summaries.get(0).split(" ");
		double train = Double.parseDouble(w[1]), valid = Double.parseDouble(w[6]);
		assertEquals(r.log().validationBits()[0], valid, 1e-4);
		assertEquals(r.log().meanLoss(0) - jacobian, train, 1e-4, summaries.get(0));
		assertTrue(Math.abs(train - valid) < 1, "train " + train + " and held-out " + valid + " bits/px");
		double lastBatch = Double.parseDouble(batches.get(batches.size() - 1).split(" ")[1]);
		assertTrue(Math.abs(lastBatch - valid) < 1, "running loss " + lastBatch + " and held-out " + valid);
	}

	@Test
	void addLayerGrowsTheModelAtTheStageStart() {
		TrainConfig cfg = TrainFixtures.config(2).withFinetune(false, 1, 1, 0).withAddLayers(0, 1);
		Ride start = TrainFixtures.model(DataType.DOUBLE);
		TrainResult r = RideTrainer.train(start, TrainFixtures.images(2, 9), cfg, Progress.NONE, CancelToken.NONE);
		assertEquals(2, r.model().config().numLayers());
		assertEquals(1, start.config().numLayers());
		assertSame(start.whitening(), r.model().whitening(), "the whitening is fitted once and kept");
		assertEquals(StopReason.COMPLETED, r.log().stopReason());
	}
}
