package org.ride.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.data.SplitMix64;
import org.ride.core.model.LogLikelihoodMap;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.nd.NdInit;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.train.RideTrainer;
import org.ride.core.train.TrainConfig;
import org.ride.core.train.TrainImage;
import org.ride.core.train.TrainResult;
import org.ride.core.train.TrainingLog;
import org.ride.io.DataInfo;
import org.ride.io.RideModelFile;
import org.ride.io.SavedModel;
import org.ride.io.TrainingInfo;

/**
 * Issue 9 "Must show": a user's one image and the {@code standard} preset. On each texture the bottom-right
 * 128×128 region is held out as the test set; the rest (a 512×384 band above it and a 384×128 strip to its
 * left) is what the user trains on, with the preset's own 10 % validation tiles inside it. Every model gets
 * the same wall-clock budget: the MCGSM baseline ({@code num_layers = 0}, the same trainer: ADAM batches and
 * L-BFGS refits), RIDE 1/64 and RIDE 2/64. Score: mean NLL of the test region's reachable pixels from zero
 * borders, Jacobian included, bits/px (lower is better). Also per stage: the mean training loss (bits/px,
 * no Jacobian) and the validation NLL, and the largest rise of the training loss from one stage to the next.
 * <pre>
 * scripts/bench-texture-holdout.sh [--textures grass,gravel,brick] [--layers 0,1,2] [--minutes 10]
 *   [--seed 1] [--out target/bench-texture]
 * </pre>
 */
public final class TextureHoldoutBenchmark {

	private static final int TEST = 128;

	private TextureHoldoutBenchmark() {}

	public static void main(String[] args) throws Exception {
		NdInit.ensure();
		String[] textures = { "grass", "gravel", "brick" };
		int[] layers = { 0, 1, 2 };
		double minutes = 10;
		long seed = 1;
		Path out = Path.of("target/bench-texture");
		for (int i = 0; i + 1 < args.length; i += 2)
			switch (args[i]) {
			case "--textures" -> textures = args[i + 1].split(",");
			case "--layers" -> layers = java.util.Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
			case "--minutes" -> minutes = Double.parseDouble(args[i + 1]);
			case "--seed" -> seed = Long.parseLong(args[i + 1]);
			case "--out" -> out = Path.of(args[i + 1]);
			default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		Files.createDirectories(out);
		System.out.printf(Locale.ROOT, "# texture hold-out, standard preset, %.1f min per model — %s, SGEMM %.1f GFLOP/s%n",
			minutes, Yardstick.machine(), Yardstick.sgemmGflops());
		List<String> rows = new ArrayList<>();
		for (String tex : textures) {
			ij.ImagePlus imp = ij.IJ.openImage("sample-images/" + tex + ".png");
			if (imp == null) throw new IllegalArgumentException("sample-images/" + tex + ".png not found");
			int w = imp.getWidth(), h = imp.getHeight();
			float[] px = (float[]) imp.getProcessor().convertToFloatProcessor().getPixels();
			SplitMix64 u = new SplitMix64(seed); // dequantisation, x = v + u
			for (int i = 0; i < px.length; i++) px[i] = (float) (px[i] + u.nextDouble());
			TrainImage all = new TrainImage(px, w, h);
			List<TrainImage> train = List.of(new TrainImage(all.crop(0, 0, w, h - TEST), w, h - TEST),
				new TrainImage(all.crop(0, h - TEST, w - TEST, TEST), w - TEST, TEST));
			float[] test = all.crop(w - TEST, h - TEST, TEST, TEST);
			for (int l : layers) {
				RideConfig arch = RideConfig.paper(1).withNumLayers(l);
				TrainConfig cfg = TrainConfig.standard(seed).withMinutes(minutes);
				long t0 = System.nanoTime();
				TrainResult r = RideTrainer.train(new Ride(arch, DataType.FLOAT, new Random(seed)), train, cfg,
					progressEvery(60), CancelToken.NONE);
				double sec = (System.nanoTime() - t0) / 1e9;
				TrainingLog log = r.log();
				long t1 = System.nanoTime();
				double nll = -LogLikelihoodMap.compute(r.model(), test, TEST, TEST, 64, Progress.NONE, CancelToken.NONE)
					.meanBitsPerPixel(1);
				double evalSec = (System.nanoTime() - t1) / 1e9;
				RideModelFile.write(out.resolve(tex + "-" + arch.label().replace(' ', '-').replace('/', '-') + ".zip"),
					SavedModel.of(r.model(), dataInfo(px), new TrainingInfo(cfg, log.stagesCompleted(), log.lossBits(),
						log.validationBits(), sec, false)));
				StringBuilder stages = new StringBuilder();
				double maxRise = Double.NEGATIVE_INFINITY;
				double[] val = log.validationBits();
				for (int k = 0; k < log.stagesCompleted(); k++) {
					double m = log.meanLoss(k);
					if (k > 0) maxRise = Math.max(maxRise, m - log.meanLoss(k - 1));
					stages.append(String.format(Locale.ROOT, "%s%.3f/%.3f", k == 0 ? "" : " ", m, k < val.length ? val[k]
						: Double.NaN));
				}
				long scored = 0;
				for (int k = 0; k < log.stagesCompleted(); k++) {
					int p = cfg.patchSize(k);
					scored += (long) count(log, k) * cfg.batchSize() * (p - 2) * (p - 4);
				}
				String row = String.format(Locale.ROOT, "| %s | %s | **%.4f** | %d | %.0f s | %.0f | %.3f | %s |", tex,
					arch.label(), nll, log.bestStage() + 1, sec, scored / sec, maxRise, stages);
				rows.add(row);
				System.out.printf(Locale.ROOT, "%s  (eval %.1f s, %d batches, peak RSS %.0f MB, load %s)%n", row, evalSec,
					log.lossBits().length, Yardstick.peakRssMb(), Yardstick.machine().replaceAll(".*load ([^,]*),.*", "$1"));
				for (String n : log.notes()) System.out.println("    note: " + n);
			}
		}
		System.out.println("\n| texture | model | held-out NLL [bits/px] | best stage | train time | train px/s "
			+ "| max stage-to-stage rise of mean train loss [bits/px] | per stage: mean train loss / validation NLL [bits/px] |");
		System.out.println("|---|---|---|---|---|---|---|---|");
		rows.forEach(System.out::println);
	}

	private static int count(TrainingLog log, int stage) {
		int n = 0;
		for (int s : log.lossStage()) if (s == stage) n++;
		return n;
	}

	private static DataInfo dataInfo(float[] px) {
		double[][] clip = org.ride.core.sample.TextureSynthesis.clipRange(px, 1);
		double s = 0, ss = 0;
		for (float v : px) {
			s += v;
			ss += (double) v * v;
		}
		double mean = s / px.length;
		return new DataInfo(0, 256, clip[0][0], clip[1][0], "gray value", 8, true, mean, Math.sqrt(ss / px.length - mean * mean));
	}

	private static Progress progressEvery(int seconds) {
		long[] last = { System.nanoTime() };
		return (stage, step, total, msg) -> {
			long now = System.nanoTime();
			if (now - last[0] > seconds * 1e9 || stage.endsWith("done")) {
				last[0] = now;
				System.err.printf(Locale.ROOT, "[%tT] %s %d/%d %s%n", new java.util.Date(), stage, step, total, msg);
			}
		};
	}
}
