package org.ride.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.model.LogLikelihoodMap;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.nd.NdInit;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.train.RideTrainer;
import org.ride.core.train.TrainConfig;
import org.ride.io.Npy;
import org.ride.io.RideModelFile;
import org.ride.io.SavedModel;

/**
 * Writes what {@code scripts/ride_torch.py --check} compares against (not a test): RIDE 1/64 model files and the
 * Java log-likelihood maps of a test image, so that the PyTorch implementation can be shown to be the same model.
 * <ul>
 * <li>{@code random.zip}: the speed benchmark's model ({@link RideSpeedBenchmark#model()}: random weights,
 * forget-gate biases −1, whitening fitted on dead leaves);</li>
 * <li>{@code trained.zip} (unless {@code patches} is 0): a RIDE 1/64 trained briefly with {@link TrainConfig#fast}
 * on dead leaves 100 and 101 (at most {@code patches} patches per stage, short finetunes), as
 * {@link FastMathAccuracyBenchmark} does;</li>
 * <li>{@code image.npy}: float32 [side, side], tiled from dead leaves 0 (not a training image), and for each model
 * {@code <model>_map_fast.npy} / {@code <model>_map_exact.npy}: float32 [side, side] nats per pixel, NaN at the
 * unreachable border, from {@link LogLikelihoodMap#compute} with the fast gate maths (what the benchmark times) and
 * with the exact Math-library ones, and {@code <model>_map_double.npy}: the same weights computing in float64 with
 * exact maths (the float32 round-off floor).</li>
 * </ul>
 * <pre>java -cp … org.ride.bench.TorchParityExport [outDir=target/torch-parity] [side=256] [patches=300]</pre>
 */
public final class TorchParityExport {

	public static void main(String[] args) throws IOException {
		NdInit.ensure();
		Path out = Path.of(args.length > 0 ? args[0] : "target/torch-parity");
		int side = args.length > 1 ? Integer.parseInt(args[1]) : 256;
		int patches = args.length > 2 ? Integer.parseInt(args[2]) : 300;
		Files.createDirectories(out);
		float[] im = RideSpeedBenchmark.image(side);
		Files.write(out.resolve("image.npy"), Npy.write(Nd4j.create(im, new long[] { side, side }, 'c')));
		export(out, "random", RideSpeedBenchmark.model(), im, side);
		if (patches > 0) {
			long t0 = System.nanoTime();
			List<float[]> train = List.of(RideSpeedBenchmark.deadLeaves(100), RideSpeedBenchmark.deadLeaves(101));
			TrainConfig cfg = TrainConfig.fast(1).withMinutes(0).withData(1, patches, 1).withFinetune(true, 20, 20_000,
				2_000);
			Ride m = RideTrainer.train(new Ride(RideConfig.paper(1), DataType.FLOAT, new Random(1)), train, 256, 256, cfg,
				Progress.NONE, CancelToken.NONE).model();
			System.out.printf("trained RIDE 1/64 in %.0f s (%d patches per stage)%n", (System.nanoTime() - t0) / 1e9,
				patches);
			export(out, "trained", m, im, side);
		}
	}

	private static void export(Path out, String name, Ride m, float[] im, int side) throws IOException {
		RideModelFile.write(out.resolve(name + ".zip"), SavedModel.of(m, null, null));
		for (boolean exact : new boolean[] { false, true }) {
			m.setExactMath(exact);
			LogLikelihoodMap map = LogLikelihoodMap.compute(m, im, side, side, Progress.NONE, CancelToken.NONE);
			Files.write(out.resolve(name + "_map_" + (exact ? "exact" : "fast") + ".npy"),
				Npy.write(Nd4j.create(map.nats(), new long[] { side, side }, 'c')));
			System.out.printf("%s (%s maths): mean %.6f nats/px over %d pixels%n", name, exact ? "exact" : "fast",
				map.meanBitsPerPixel(1) * Math.log(2), map.reachable());
		}
		m.setExactMath(false);
		// the same weights widened to float64 with exact maths: how far float32 round-off alone moves this model's map
		LogLikelihoodMap ref = LogLikelihoodMap.compute(FastMathAccuracyBenchmark.inFloat64(m), im, side, side,
			Progress.NONE, CancelToken.NONE);
		Files.write(out.resolve(name + "_map_double.npy"), Npy.write(Nd4j.create(ref.nats(), new long[] { side, side },
			'c')));
	}
}
