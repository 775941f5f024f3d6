package org.ride.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ride.core.progress.Progress;

class TrainProgressTest {

	@Test
	void oneLinePerStageWithItsLastLossAndAnEtaExceptAfterTheLast() {
		List<String> lines = new ArrayList<>();
		List<Double> plotted = new ArrayList<>();
		List<String> status = new ArrayList<>();
		TrainProgress p = new TrainProgress((s, k, n, m) -> status.add(s), lines::add, plotted::add);
		p.report("whitening", 0, 1, "fitting the conditional whitening");
		p.report("stage 1/2 (patch 8)", 1, 2, "loss 2.5000 bits/px (mean of last 1), ETA 1s");
		p.report("stage 1/2 (patch 8)", 2, 2, "loss 2.2500 bits/px (mean of last 2), ETA 0s");
		p.report("stage 1/2 (patch 8) finetune", 3, 5, "f 1.1");
		p.report("stage 2/2 (patch 10)", 1, 1, "loss 1.7500 bits/px (mean of last 1), ETA 0s");
		p.report("stage 2/2 (patch 10) finetune", 5, 5, "done");
		assertEquals(1, lines.size(), lines.toString());
		p.finish();
		p.finish();
		assertEquals(2, lines.size(), lines.toString());
		assertTrue(lines.get(0).matches("stage 1/2 \\(patch 8\\): loss 2\\.2500 bits/px, [0-9.]+ s; ETA [0-9]+ s"),
				lines.get(0));
		assertTrue(lines.get(1).matches("stage 2/2 \\(patch 10\\): loss 1\\.7500 bits/px, [0-9.]+ s"), lines.get(1));
		assertEquals(List.of(2.5, 2.25, 1.75), plotted);
		assertEquals(6, status.size(), "every report reaches the status bar");
	}

	@Test
	void theTrainersStageSummaryGivesTheLineTheMeanTrainingLossAndTheValidation() {
		List<String> lines = new ArrayList<>();
		List<Double> plotted = new ArrayList<>();
		TrainProgress p = new TrainProgress(Progress.NONE, lines::add, plotted::add);
		p.report("stage 1/2 (patch 8)", 1, 1, "loss 2.5000 bits/px (mean of last 1), ETA 0s");
		p.report("stage 1/2 (patch 8) done", 1, 1, "train 2.4000 bits/px (stage mean), validation 6.1000 bits/px "
				+ "(best so far)");
		p.report("stage 2/2 (patch 10)", 1, 1, "loss 2.1000 bits/px (mean of last 1), ETA 0s");
		p.finish();
		assertTrue(lines.get(0).matches("stage 1/2 \\(patch 8\\): train 2\\.4000 bits/px, validation 6\\.1000 bits/px "
				+ "\\(best so far\\), [0-9.]+ s; ETA [0-9]+ s"), lines.get(0));
		assertTrue(lines.get(1).matches("stage 2/2 \\(patch 10\\): loss 2\\.1000 bits/px, [0-9.]+ s"), lines.get(1));
		assertEquals(List.of(2.5, 2.1), plotted, "the summary is not a minibatch loss");
	}

	@Test
	void nothingIsLoggedWithoutStages() {
		List<String> lines = new ArrayList<>();
		TrainProgress p = new TrainProgress(Progress.NONE, lines::add, v -> {});
		p.report("whitening", 0, 1, "");
		p.finish();
		assertTrue(lines.isEmpty());
	}
}
