package org.ride.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.mcgsm.Mcgsm;
import org.ride.core.mcgsm.McgsmParams;
import org.ride.core.model.LogLikelihoodMap;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.nd.NdInit;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.slstm.Gate;
import org.ride.core.slstm.SlstmLayer;
import org.ride.core.slstm.SlstmStack;
import org.ride.core.train.RideTrainer;
import org.ride.core.train.TrainConfig;

/**
 * The accuracy criterion of the fast gate maths (not a test): a RIDE 1/64 (FLOAT) trained on two dead-leaves
 * images with the demo curriculum ({@link TrainConfig#fast}, at most {@code patches} patches per stage, short
 * finetunes), then the log-likelihood map of a held-out 512×512 dead-leaves image computed with the fast σ/tanh
 * and with the exact Math-library ones ({@link Ride#setExactMath}). Criterion: the mean differs by ≤ 1e-4 bits/px
 * and 99.9 % of the pixels by ≤ 1e-4 nats. For scale, the same weights computed in float64 with exact maths give
 * float32's own rounding noise: the exact float32 map's distance from it is the floor no gate maths can go below.
 * The fast forms of the LSTM (σ, tanh) and of the MCGSM (its gate's exponential) are also compared one at a time.
 * <pre>scripts/bench-gate-math.sh [patches]</pre>
 */
public final class FastMathAccuracyBenchmark {

	public static void main(String[] args) {
		NdInit.ensure();
		int patches = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
		long t0 = System.nanoTime();
		List<float[]> train = List.of(RideSpeedBenchmark.deadLeaves(100), RideSpeedBenchmark.deadLeaves(101));
		TrainConfig cfg = TrainConfig.fast(1).withMinutes(0).withData(1, patches, 1).withFinetune(true, 30, 50_000, 5_000);
		Ride m = RideTrainer.train(new Ride(RideConfig.paper(1), DataType.FLOAT, new Random(1)), train, 256, 256, cfg,
			Progress.NONE, CancelToken.NONE).model();
		double trainS = (System.nanoTime() - t0) / 1e9;
		int side = 512;
		float[] im = RideSpeedBenchmark.image(side); // tiled from dead leaves 0, not a training image
		LogLikelihoodMap fast = LogLikelihoodMap.compute(m, im, side, side, Progress.NONE, CancelToken.NONE);
		m.setExactMath(true);
		LogLikelihoodMap exact = LogLikelihoodMap.compute(m, im, side, side, Progress.NONE, CancelToken.NONE);
		m.setExactMath(false);
		LogLikelihoodMap reference = LogLikelihoodMap.compute(inFloat64(m), im, side, side, Progress.NONE,
			CancelToken.NONE);
		System.out.printf("# fast vs exact gate maths — %s%n", Yardstick.machine());
		System.out.printf("trained RIDE 1/64 in %.0f s (%d patches per stage)%n", trainS, patches);
		System.out.printf("| map 512×512 | mean bits/px | |Δ mean| bits/px | 99.9 %% of |Δ| nats | max |Δ| nats | verdict |%n"
			+ "|---|---|---|---|---|---|%n");
		System.out.printf("| float32 exact | %.6f | | | | |%n", exact.meanBitsPerPixel(1));
		row("float32 fast − float32 exact", fast, exact, true);
		// NB: each approximation alone too, to tell which one the differences come from
		m.mcgsm().setExactMath(true);
		row("float32 fast LSTM only − float32 exact", LogLikelihoodMap.compute(m, im, side, side, Progress.NONE,
			CancelToken.NONE), exact, true);
		m.setExactMath(true);
		m.mcgsm().setExactMath(false);
		row("float32 fast MCGSM only − float32 exact", LogLikelihoodMap.compute(m, im, side, side, Progress.NONE,
			CancelToken.NONE), exact, true);
		m.setExactMath(false);
		row("float32 exact − float64 exact (float32's own noise)", exact, reference, false);
		row("float32 fast − float64 exact", fast, reference, false);
	}

	private static void row(String what, LogLikelihoodMap a, LogLikelihoodMap b, boolean criterion) {
		double[] diff = new double[(int) a.reachable()];
		int n = 0;
		for (int p = 0; p < a.nats().length; p++)
			if (!Float.isNaN(a.nats()[p])) diff[n++] = Math.abs(a.nats()[p] - b.nats()[p]);
		Arrays.sort(diff);
		double q999 = diff[(int) Math.ceil(0.999 * n) - 1];
		double meanDiff = Math.abs(a.meanBitsPerPixel(1) - b.meanBitsPerPixel(1));
		String verdict = !criterion ? "" : meanDiff <= 1e-4 && q999 <= 1e-4 ? "met" : "**missed**";
		System.out.printf("| %s | | %.2e | %.2e | %.2e | %s |%n", what, meanDiff, q999, diff[n - 1], verdict);
	}

	/** The same model computing in float64 with exact maths (its float32 weights widened, not retrained). */
	static Ride inFloat64(Ride m) {
		SlstmStack lstm = new SlstmStack(m.config().slstmConfig(), m.config().numLayers(), DataType.DOUBLE, new Random(0));
		for (int l = 0; l < lstm.numLayers(); l++) {
			SlstmLayer from = m.lstm().layer(l), to = lstm.layer(l);
			for (Gate g : Gate.values()) {
				to.setWeights(g, from.getWeights(g));
				to.setBias(g, from.getBias(g));
			}
		}
		McgsmParams p = new McgsmParams(m.config().mcgsmConfig(), DataType.DOUBLE);
		for (String g : McgsmParams.NAMES) p.set(g, m.mcgsm().params().get(g));
		Ride d = new Ride(m.config(), m.whitening(), lstm, new Mcgsm(p));
		d.setExactMath(true);
		return d;
	}
}
