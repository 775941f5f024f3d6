package org.ride.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ride.ij.LikelihoodMaps;
import org.ride.ij.LoadedModel;
import org.ride.ij.TestFixtures;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.io.RideModelFile;
import org.ride.io.SavedModel;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** The SciJava commands run through a real {@link CommandService} and give what the shared ij code gives. */
class CommandsTest {

	@TempDir
	Path dir;

	@Test
	void mapAndEvaluateCommandsDelegateToTheSharedCode() throws Exception {
		File model = dir.resolve("m.zip").toFile();
		TestFixtures.writeTinyModel(model.toPath());
		ImagePlus imp = new ImagePlus("tex", TestFixtures.texture(24, 20, 5));
		float[] expected = (float[]) LikelihoodMaps.compute(LoadedModel.load(model.getPath()), imp, 3, null,
				Progress.NONE, CancelToken.NONE).map().getProcessor().getPixels();
		try (Context ctx = new Context(CommandService.class)) {
			CommandService cs = ctx.service(CommandService.class);
			CommandModule m = cs.run(LogLikelihoodMapCommand.class, false, "image", imp, "model_file", model, "seed", 3)
					.get();
			ImagePlus map = (ImagePlus) m.getOutput("map");
			assertArrayEquals(expected, (float[]) map.getProcessor().getPixels());
			assertEquals("tex loglik [m]", map.getTitle());
			assertEquals(20 * 24 - 2 * 24 - 4 * 18, ((Long) m.getOutput("reachable_px")).longValue());
			CommandModule e = cs.run(EvaluateModelCommand.class, false, "image", imp, "model_file", model, "crop_size", 10)
					.get();
			assertEquals(4, e.getOutput("crops"));
			assertTrue(Double.isFinite((Double) e.getOutput("mean_bits_per_px")));
		}
	}

	/**
	 * The train command's loss output is the last minibatch's loss as the pixels' NLL (what the log shows beside
	 * the held-out score): the model file's whitened-data loss minus the whitening's log-Jacobian.
	 */
	@Test
	void trainCommandReportsItsLossInThePixelsUnits() throws Exception {
		File model = dir.resolve("t.zip").toFile();
		ImagePlus imp = new ImagePlus("tex", TestFixtures.texture(40, 36, 8));
		try (Context ctx = new Context(CommandService.class)) {
			CommandModule m = ctx.service(CommandService.class).run(TrainModelCommand.class, false, "image", imp,
					"model_file", model, "preset", "tiny", "seed", 2, "settings", "epochs=1").get();
			SavedModel saved = RideModelFile.read(model.toPath());
			double[] loss = saved.training().loss();
			double jacobian = saved.model().logJacobianBits();
			assertTrue(Math.abs(jacobian) > 0.5, "an offset that shows: " + jacobian);
			assertEquals(loss[loss.length - 1] - jacobian, (Double) m.getOutput("loss_bits_per_px"), 1e-9);
		}
	}

	@Test
	void cancelStopsQuietly() throws Exception {
		File model = dir.resolve("m.zip").toFile();
		TestFixtures.writeTinyModel(model.toPath());
		LogLikelihoodMapCommand c = new LogLikelihoodMapCommand();
		c.image = new ImagePlus("tex", new ByteProcessor(16, 16));
		c.model_file = model;
		c.cancel("user pressed cancel");
		c.run();
		assertTrue(c.isCanceled());
		assertEquals("user pressed cancel", c.getCancelReason());
		assertEquals(null, c.map);
	}
}
