package org.ride.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.mcgsm.Mcgsm;
import org.ride.core.mcgsm.McgsmConfig;
import org.ride.core.mcgsm.TrainFlags;
import org.ride.core.model.Evaluation;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.nd.NdInit;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.neighbourhood.NeighbourhoodSamples;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.optim.LbfgsOptions;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.train.McgsmFit;
import org.ride.core.train.RideTrainer;
import org.ride.core.train.TrainConfig;
import org.ride.core.train.TrainResult;
import org.ride.core.whitening.Whitening;
import org.ride.io.DataInfo;
import org.ride.io.RideModelFile;
import org.ride.io.SavedModel;
import org.ride.io.TrainingInfo;

/**
 * Fidelity on DL-256 dead leaves (the first table; not a test): MCGSM (nb 5, K=32, S=4, F=32),
 * RIDE 1/64, RIDE 2/64 and the 8-symmetry ensemble of the better RIDE, trained on training images
 * (indices 100…) and evaluated with spec §8.2 on the 64×64 crops of the test images (indices 0…99):
 * mean log-likelihood in bits/px over the reachable pixels (Jacobian included; higher is better) ± SEM
 * over crops. Units: dequantised 8-bit values x = v + u in [0, 256).
 * <pre>scripts/bench-ride-deadleaves.sh [--trainImages 200] [--testImages 100] [--patches 3000]
 *   [--finetuneSamples 200000] [--finetuneIter 100] [--mcgsmSamples 200000 (0: no MCGSM row)]
 *   [--minLayers 1] [--maxLayers 2] [--adam] [--out target/bench-dl]</pre>
 * The paper trains on all 900 images with every patch and 1e6 finetune samples; the defaults here are
 * cut to fit the session's machine and are printed with the results.
 */
public final class RideDeadLeavesBenchmark {

	public static void main(String[] args) throws Exception {
		NdInit.ensure();
		Opts o = new Opts(args);
		Files.createDirectories(o.out);
		long t0 = System.nanoTime();
		List<float[]> train = new ArrayList<>(), test = new ArrayList<>();
		for (int i = 0; i < o.trainImages; i++) train.add(RideSpeedBenchmark.deadLeaves(100 + i));
		for (int i = 0; i < o.testImages; i++) test.add(RideSpeedBenchmark.deadLeaves(i));
		List<float[]> crops = new ArrayList<>();
		for (float[] t : test) crops.addAll(Evaluation.split(t, 1, 256, 256, 64));
		log("data: %d train, %d test images (%d crops) in %.0f s; %s", train.size(), test.size(), crops.size(),
			secs(t0), Yardstick.machine());
		List<String> rows = new ArrayList<>();
		if (o.mcgsmSamples > 0) rows.add(row("MCGSM (nb 5, K=32, S=4, F=32)", mcgsm(train, crops, o), o));
		Ride best = null;
		double bestMean = Double.NEGATIVE_INFINITY;
		for (int layers = o.minLayers; layers <= o.maxLayers; layers++) {
			long t = System.nanoTime();
			TrainConfig cfg = TrainConfig.paper(o.seed).withData(1, o.patches, 1)
				.withFinetune(true, o.finetuneIter, o.finetuneSamples, o.finetuneSamples / 10)
				.withAddLayers(layers > 1 ? new int[] { layers - 1 } : new int[0]);
			if (o.adam) // ADAM with a decaying rate, as the published 2-layer BSDS300 model was trained (spec §9A)
				cfg = cfg.withMethod(TrainConfig.Method.ADAM, cfg.momentum(), 0.9, 0.999).withStages(cfg.patchSizes(),
					new double[] { 1e-3, 7e-4, 5e-4, 3e-4, 2e-4, 1.5e-4, 1.2e-4, 1e-4 });
			TrainResult r = RideTrainer.train(new Ride(RideConfig.paper(1), DataType.FLOAT, new Random(o.seed)), train, 256,
				256, cfg, logEvery(30), CancelToken.NONE);
			double trainSec = secs(t);
			RideModelFile.write(o.out.resolve("ride-" + layers + "-64.zip"), SavedModel.of(r.model(), dataInfo(train),
				new TrainingInfo(cfg, r.log().stagesCompleted(), r.log().lossBits(), r.log().validationBits(), trainSec, false)));
			t = System.nanoTime();
			Evaluation.Result e = Evaluation.crops(r.model(), crops, 64, Progress.NONE, CancelToken.NONE);
			rows.add(row(r.model().config().label() + " (" + r.log().stopReason() + ", train " + Math.round(trainSec) + " s)",
				e, o));
			log("%s: %.4f ± %.4f bits/px, eval %.0f s", r.model().config().label(), e.mean(), e.standardError(), secs(t));
			if (e.mean() > bestMean) {
				bestMean = e.mean();
				best = r.model();
			}
		}
		long t = System.nanoTime();
		Evaluation.Result eo = Evaluation.ensemble(best, crops, 64, Progress.NONE, CancelToken.NONE);
		rows.add(row("EoRIDE " + best.config().numLayers() + "/64 (8 symmetries, eval " + Math.round(secs(t)) + " s)", eo, o));
		System.out.printf("%n## DL-256 fidelity — %s%n%n", Yardstick.machine());
		System.out.printf("train images %d, test images %d (%d crops of 64×64), patches/stage ≤ %d, finetune %d samples × ≤ %d"
			+ " iterations, MCGSM %d pairs, seed %d, total %.0f min%n%n", o.trainImages, o.testImages, crops.size(), o.patches,
			o.finetuneSamples, o.finetuneIter, o.mcgsmSamples, o.seed, secs(t0) / 60);
		System.out.println("| model | log-likelihood [bits/px] ± SEM |\n|---|---|");
		rows.forEach(System.out::println);
	}

	/** The MCGSM baseline: whitening + MCGSM on random pairs (§8.7), scored per crop like RIDE (§8.2). */
	private static Evaluation.Result mcgsm(List<float[]> train, List<float[]> crops, Opts o) {
		long t = System.nanoTime();
		CausalMask mask = CausalMask.of(5);
		Random rng = new Random(o.seed);
		int per = Math.max(1, (o.mcgsmSamples + o.mcgsmSamples / 5) / train.size());
		List<float[]> trainPart = train.subList(0, Math.max(1, train.size() * 5 / 6));
		List<float[]> valPart = train.subList(trainPart.size(), train.size());
		INDArray[] tr = pairs(trainPart, mask, per, rng), va = valPart.isEmpty() ? null : pairs(valPart, mask, per, rng);
		Whitening w = Whitening.fit(tr[0], tr[1]);
		Whitening.Pair trw = w.forward(tr[0], tr[1]);
		Whitening.Pair vaw = va == null ? null : w.forward(va[0], va[1]);
		Mcgsm m = new Mcgsm(new McgsmConfig(mask.numInputs(), 1, 32, 4, 32), DataType.DOUBLE, new Random(o.seed));
		var r = McgsmFit.fit(m, trw.x(), trw.y(), vaw == null ? null : vaw.x(), vaw == null ? null : vaw.y(),
			TrainFlags.DEFAULT, LbfgsOptions.defaults().withMaxIter(o.mcgsmIter), logEvery(30), CancelToken.NONE);
		log("MCGSM: %d pairs, %d iterations (%s) in %.0f s", tr[0].columns(), r.iterations(), r.stopReason(), secs(t));
		double[] out = new double[crops.size()];
		for (int c = 0; c < crops.size(); c++) {
			Neighbourhoods g = Neighbourhoods.grid(crops.get(c), 64, 64, mask, DataType.DOUBLE);
			Whitening.Pair p = w.forward(g.inputs().transpose(), g.outputs().transpose());
			out[c] = (m.logLikelihood(p.x(), p.y()).meanNumber().doubleValue() + w.logJacobian()) / Math.log(2);
		}
		return new Evaluation.Result(out);
	}

	private static INDArray[] pairs(List<float[]> imgs, CausalMask mask, int perImage, Random rng) {
		List<INDArray> in = new ArrayList<>(), out = new ArrayList<>();
		for (float[] im : imgs) {
			NeighbourhoodSamples s = NeighbourhoodSamples.random(im, 256, 256, mask, perImage, rng, DataType.DOUBLE);
			in.add(s.inputs());
			out.add(s.outputs());
		}
		return new INDArray[] { Nd4j.vstack(in.toArray(INDArray[]::new)).transpose(),
			Nd4j.vstack(out.toArray(INDArray[]::new)).transpose() };
	}

	private static DataInfo dataInfo(List<float[]> train) {
		float[] all = train.get(0);
		double[][] clip = org.ride.core.sample.TextureSynthesis.clipRange(all, 1);
		double s = 0, ss = 0;
		for (float v : all) {
			s += v;
			ss += v * v;
		}
		double mean = s / all.length;
		return new DataInfo(0, 256, clip[0][0], clip[1][0], "gray value", 8, true, mean, Math.sqrt(ss / all.length - mean * mean));
	}

	private static String row(String name, Evaluation.Result r, Opts o) {
		return String.format(Locale.ROOT, "| %s | %.4f ± %.4f |", name, r.mean(), r.standardError());
	}

	private static Progress logEvery(int seconds) {
		long[] last = { 0 };
		return (stage, step, total, msg) -> {
			long now = System.nanoTime();
			if (now - last[0] > seconds * 1e9 || step == total) {
				last[0] = now;
				log("  %s %d/%d %s", stage, step, total, msg);
			}
		};
	}

	private static void log(String fmt, Object... a) {
		System.err.printf(Locale.ROOT, "[%tT] " + fmt + "%n", prepend(new java.util.Date(), a));
	}

	private static Object[] prepend(Object first, Object[] rest) {
		Object[] all = new Object[rest.length + 1];
		all[0] = first;
		System.arraycopy(rest, 0, all, 1, rest.length);
		return all;
	}

	private static double secs(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

	private static final class Opts {
		int trainImages = 200, testImages = 100, patches = 3000, finetuneSamples = 200_000, finetuneIter = 100,
			mcgsmSamples = 200_000, mcgsmIter = 300, minLayers = 1, maxLayers = 2;
		long seed = 1;
		boolean adam;
		Path out = Path.of("target/bench-dl");

		Opts(String[] a) {
			for (int i = 0; i < a.length; i += 2) {
				if (a[i].equals("--adam")) {
					adam = true;
					i--;
					continue;
				}
				String v = a[i + 1];
				switch (a[i]) {
					case "--trainImages" -> trainImages = Integer.parseInt(v);
					case "--testImages" -> testImages = Integer.parseInt(v);
					case "--patches" -> patches = Integer.parseInt(v);
					case "--finetuneSamples" -> finetuneSamples = Integer.parseInt(v);
					case "--finetuneIter" -> finetuneIter = Integer.parseInt(v);
					case "--mcgsmSamples" -> mcgsmSamples = Integer.parseInt(v);
					case "--mcgsmIter" -> mcgsmIter = Integer.parseInt(v);
					case "--minLayers" -> minLayers = Integer.parseInt(v);
					case "--maxLayers" -> maxLayers = Integer.parseInt(v);
					case "--seed" -> seed = Long.parseLong(v);
					case "--out" -> out = Path.of(v);
					default -> throw new IllegalArgumentException("unknown option " + a[i]);
				}
			}
		}
	}
}
