package org.ride.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ride.core.model.RideConfig;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.io.RideModelFile;
import org.ride.io.SavedModel;

/** {@code RIDE Train Model} with an existing model file continues it (issue 9). */
class TrainingResumeTest {

	@TempDir
	Path dir;

	private static TrainSettings.Preset threeStages() {
		TrainSettings.Preset p = TrainSettings.preset("tiny", 3);
		return new TrainSettings.Preset(p.model(), p.train().withStages(new int[] { 8, 10, 12 }, new double[] { 0.5, 0.1 }));
	}

	@Test
	void aCancelledRunResumesToTheStagesOfAnUninterruptedOne() throws Exception {
		ImagePlus imp = new ImagePlus("tex", TestFixtures.texture(48, 48, 5));
		Path whole = dir.resolve("whole.zip"), part = dir.resolve("part.zip");
		Training.train(imp, null, threeStages(), whole, s -> {}, Progress.NONE, CancelToken.NONE);
		CancelToken token = new CancelToken();
		Progress cancelInStage2 = (s, step, total, msg) -> {
			if (s.startsWith("stage 2/3") && step == 1) token.cancel("test");
		};
		Training.Output cut = Training.train(imp, null, threeStages(), part, s -> {}, cancelInStage2, token);
		assertTrue(cut.log().cancelled());
		SavedModel saved = RideModelFile.readTrained(part);
		assertEquals(1, saved.training().stagesDone());
		assertTrue(saved.training().cancelled());

		List<String> log = new ArrayList<>();
		Training.Output r = Training.train(imp, null, threeStages(), part, log::add, Progress.NONE, CancelToken.NONE);
		assertFalse(r.log().cancelled());
		assertTrue(log.get(0).startsWith("resuming " + part + " at stage 2 of 3"), log.toString());
		SavedModel a = RideModelFile.readTrained(whole), b = RideModelFile.readTrained(part);
		assertEquals(a.training().stagesDone(), b.training().stagesDone());
		assertEquals(3, b.training().stagesDone());
		assertFalse(b.training().cancelled());
		assertEquals(a.model().config(), b.model().config());
		assertTrue(b.training().loss().length > saved.training().loss().length, "the loss histories are joined");
		assertEquals(saved.training().loss()[0], b.training().loss()[0]);

		IllegalArgumentException done = assertThrows(IllegalArgumentException.class, () -> Training.train(imp, null,
			threeStages(), part, s -> {}, Progress.NONE, CancelToken.NONE));
		assertTrue(done.getMessage().contains("already done all 3 stages") && done.getMessage().contains("restart"),
			done.getMessage());
		Training.Output fresh = Training.train(imp, null, threeStages(), part, true, s -> {}, Progress.NONE,
			CancelToken.NONE);
		assertEquals(3, fresh.log().stagesCompleted(), "restart trains a new model into the file");
	}

	@Test
	void anotherArchitectureIsRefusedWithTheFix() throws Exception {
		ImagePlus imp = new ImagePlus("tex", TestFixtures.texture(48, 48, 6));
		Path f = dir.resolve("m.zip");
		TrainSettings.Preset one = threeStages();
		TrainSettings.Preset cut = new TrainSettings.Preset(one.model(), one.train().withStages(new int[] { 8 },
			new double[] { 0.5 }));
		Training.train(imp, null, cut, f, s -> {}, Progress.NONE, CancelToken.NONE);
		RideConfig m = one.model();
		TrainSettings.Preset wider = new TrainSettings.Preset(new RideConfig(1, m.nbSize(), m.numHiddens() + 2,
			m.numLayers(), m.numComponents(), m.numScales(), m.numFeatures(), false, m.nonlinearity()), one.train());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Training.train(imp, null, wider,
			f, s -> {}, Progress.NONE, CancelToken.NONE));
		assertTrue(e.getMessage().contains("restart"), e.getMessage());
		assertEquals(1, RideModelFile.readTrained(f).training().stagesDone(), "the refused run left the file intact");
	}
}
