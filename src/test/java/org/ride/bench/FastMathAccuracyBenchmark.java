package org.ride.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.model.LogLikelihoodMap;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.nd.NdInit;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.train.RideTrainer;
import org.ride.core.train.TrainConfig;

/**
 * The accuracy criterion of the fast gate maths (not a test): a RIDE 1/64 (FLOAT) trained on two dead-leaves
 * images with the demo curriculum ({@link TrainConfig#fast}, at most {@code patches} patches per stage, short
 * finetunes), then the log-likelihood map of a held-out 512×512 dead-leaves image computed with the fast σ/tanh
 * and with the exact Math-library ones ({@link Ride#setExactMath}). Criterion: the mean differs by ≤ 1e-4 bits/px
 * and 99.9 % of the pixels by ≤ 1e-4 nats.
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
		double[] diff = new double[(int) fast.reachable()];
		int n = 0;
		for (int p = 0; p < fast.nats().length; p++)
			if (!Float.isNaN(fast.nats()[p])) diff[n++] = Math.abs(fast.nats()[p] - exact.nats()[p]);
		Arrays.sort(diff);
		double q999 = diff[(int) Math.ceil(0.999 * n) - 1], meanDiff = Math.abs(fast.meanBitsPerPixel(1)
			- exact.meanBitsPerPixel(1));
		System.out.printf("# fast vs exact gate maths — %s%n", Yardstick.machine());
		System.out.printf("trained RIDE 1/64 in %.0f s (%d patches per stage)%n", trainS, patches);
		System.out.printf("| map 512×512 | mean bits/px fast | exact | |Δ mean| bits/px | 99.9 %% of |Δ| nats | max |Δ| nats |"
			+ " verdict |%n|---|---|---|---|---|---|---|%n");
		System.out.printf("| dead leaves 0 (tiled) | %.6f | %.6f | %.2e | %.2e | %.2e | %s |%n", fast.meanBitsPerPixel(1),
			exact.meanBitsPerPixel(1), meanDiff, q999, diff[n - 1], meanDiff <= 1e-4 && q999 <= 1e-4 ? "met" : "**missed**");
	}
}
