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
import org.ride.core.data.SplitMix64;
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
 * NB: the default of 20,000 patches per stage (1–3 min) gives a model near the paper's numbers; a model trained on
 * a tenth of that is still poor (−7.1 instead of −1.7 bits/px on dead leaves) and so ill-conditioned that float32's
 * own rounding moves 0.1 % of its pixels by 0.09 nats or more, fast maths or not (BENCHMARKS.md).
 * With a second argument, e.g. {@code gravel}, the model is trained on that 512×512 sample image instead and maps
 * it (a natural texture, whose conditional densities are far less peaked than those of dead leaves' flat areas).
 * <pre>scripts/bench-gate-math.sh [patches] [sample image name]</pre>
 */
public final class FastMathAccuracyBenchmark {

	public static void main(String[] args) {
		NdInit.ensure();
		int patches = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
		String texture = args.length > 1 ? args[1] : null;
		long t0 = System.nanoTime();
		TrainConfig cfg = TrainConfig.fast(1).withMinutes(0).withData(1, patches, 1).withFinetune(true, 30, 50_000, 5_000);
		Ride untrained = new Ride(RideConfig.paper(1), DataType.FLOAT, new Random(1));
		int side = 512;
		float[] im;
		Ride m;
		if (texture == null) {
			List<float[]> train = List.of(RideSpeedBenchmark.deadLeaves(100), RideSpeedBenchmark.deadLeaves(101));
			m = RideTrainer.train(untrained, train, 256, 256, cfg, Progress.NONE, CancelToken.NONE).model();
			im = RideSpeedBenchmark.image(side); // tiled from dead leaves 0, not a training image
		} else { // NB: a natural texture's densities are far less peaked than dead leaves' flat areas
			im = texture(texture, side);
			m = RideTrainer.train(untrained, List.of(im), side, side, cfg, Progress.NONE, CancelToken.NONE).model();
		}
		double trainS = (System.nanoTime() - t0) / 1e9;
		LogLikelihoodMap fast = LogLikelihoodMap.compute(m, im, side, side, Progress.NONE, CancelToken.NONE);
		m.setExactMath(true);
		LogLikelihoodMap exact = LogLikelihoodMap.compute(m, im, side, side, Progress.NONE, CancelToken.NONE);
		m.setExactMath(false);
		LogLikelihoodMap reference = LogLikelihoodMap.compute(inFloat64(m), im, side, side, Progress.NONE,
			CancelToken.NONE);
		System.out.printf("# fast vs exact gate maths — %s%n", Yardstick.machine());
		System.out.printf("trained RIDE 1/64 on %s in %.0f s (%d patches per stage)%n", texture == null
			? "dead leaves 100 and 101, map of dead leaves 0" : "sample-images/" + texture + ".png, map of the same image",
			trainS, patches);
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

	/** sample-images/NAME.png (gray, side × side) dequantised with uniform noise of seed 1, in grey levels. */
	private static float[] texture(String name, int side) {
		ij.ImagePlus imp = ij.IJ.openImage("sample-images/" + name + ".png");
		if (imp == null || imp.getWidth() != side || imp.getHeight() != side)
			throw new IllegalArgumentException("sample-images/" + name + ".png must be a " + side + "×" + side + " image");
		float[] px = (float[]) imp.getProcessor().convertToFloatProcessor().getPixels();
		SplitMix64 u = new SplitMix64(1);
		for (int i = 0; i < px.length; i++) px[i] = (float) (px[i] + u.nextDouble());
		return px;
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
