package org.ride.core.train;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.optim.Sgd;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

/**
 * Timing main (not a test): one RIDE training step of RIDE 1/64 ({@code RideConfig.paper(1)}, FLOAT) on a
 * batch of 50 patches of 22×22 px (spec §8.1's last stage). Throughput counts the scored grid pixels,
 * 20×18 per patch for nb 5, i.e. 18,000 px per step. Reports (a) the whole trainer step as
 * {@link StageLoop} runs it (extract, whiten, loss and gradients, finite check, SGD update), best and
 * median per step, and (b) its parts, so one sees whether extraction matters; plus a 1024³ SGEMM in the
 * same process as the yardstick, and the machine load ({@code uptime}).
 * Run with OMP_NUM_THREADS=2 OPENBLAS_CORETYPE=Haswell. Args: [steps (default 12)].
 */
public final class TrainBenchmark {

	private static final int BATCH = 50, PATCH = 22, IMAGE = 220;

	public static void main(String[] args) throws Exception {
		int steps = args.length > 0 ? Integer.parseInt(args[0]) : 12;
		System.out.println("uptime: " + uptime());
		double gemm = org.ride.bench.Yardstick.sgemmGflops();
		System.out.printf("SGEMM 1024^3: %.1f GFLOP/s%n", gemm);
		Ride m = new Ride(RideConfig.paper(1), DataType.FLOAT, new Random(1));
		int imgs = (steps + 2) * BATCH / ((IMAGE / PATCH) * (IMAGE / PATCH)) + 1;
		List<TrainImage> images = TrainFixturesBig.images(imgs, IMAGE, 3);
		m.setWhitening(RideTrainer.fitWhitening(images, m.mask(), 200_000, new Random(2)));
		PatchSet ps = PatchSet.grid(images, TrainFixtures.whole(images), PATCH, (steps + 2) * BATCH, new Random(4));
		int px = BATCH * (PATCH - 2) * (PATCH - 4);
		System.out.printf("RIDE 1/64 FLOAT, batch %d x %dx%d patches = %d scored px (20x18 grid each)%n", BATCH, PATCH,
			PATCH, px);

		// (a) the trainer's own loop, timed per batch through Progress
		TrainConfig cfg = TrainConfig.paper(1).withStages(new int[] { PATCH }, new double[] { 1e-4 });
		long[] stamps = new long[steps + 3];
		int[] k = { 0 };
		stamps[k[0]++] = System.nanoTime();
		Progress p = (s, step, total, msg) -> stamps[k[0]++] = System.nanoTime();
		new StageLoop(m, e -> ps, Long.MAX_VALUE, 0, "bench", cfg, new Sgd(1e-4, 0.9), p, CancelToken.NONE, new LogBuilder()).run();
		double[] per = new double[k[0] - 3];
		for (int i = 3; i < k[0]; i++) per[i - 3] = (stamps[i] - stamps[i - 1]) / 1e9; // skip 2 warm-up steps
		java.util.Arrays.sort(per);
		report("(a) trainer step, best", px, per[0], gemm);
		report("(a) trainer step, median", px, per[per.length / 2], gemm);

		// (b) the parts, best of `steps`
		double[] best = { 1e9, 1e9, 1e9, 1e9 };
		Sgd sgd = new Sgd(1e-4, 0.9);
		for (int r = 0; r < steps; r++) {
			long t0 = System.nanoTime();
			Neighbourhoods nb = ps.batch(0, BATCH, m.mask(), m.dataType());
			long t1 = System.nanoTime();
			Ride.Grid g = m.whiten(nb);
			long t2 = System.nanoTime();
			Ride.Loss loss = m.lossAndGradient(g, RideTrainer.FLAGS, true);
			long t3 = System.nanoTime();
			INDArray theta = Nd4j.createFromArray(m.mcgsm().params().toVector(RideTrainer.FLAGS));
			List<INDArray> params = new ArrayList<>(m.lstm().parameters()), grads = new ArrayList<>(m.lstm().gradients());
			params.add(theta);
			grads.add(Nd4j.createFromArray(loss.mcgsmGradient()));
			sgd.step(params, grads);
			m.mcgsm().params().setFromVector(theta.toDoubleVector(), RideTrainer.FLAGS);
			long t4 = System.nanoTime();
			long[] t = { t0, t1, t2, t3, t4 };
			for (int i = 0; i < 4; i++) best[i] = Math.min(best[i], (t[i + 1] - t[i]) / 1e9);
		}
		String[] names = { "extract patches+neighbourhoods", "whiten", "loss+gradients (LSTM+MCGSM)", "optimiser update" };
		for (int i = 0; i < 4; i++) System.out.printf("(b) %-32s %8.2f ms%n", names[i], best[i] * 1e3);
		System.out.println("uptime: " + uptime());
	}

	private static void report(String what, int px, double s, double gemm) {
		// LSTM FLOP model (SlstmBenchmark): forward 10H(d+2H)+11H per px, training ≈ 3×; MCGSM not counted
		double flop = 3 * (10.0 * 64 * (12 + 128) + 11.0 * 64);
		double gf = px * flop / s / 1e9;
		System.out.printf("%-28s %8.1f ms  %9.0f px/s  LSTM %5.1f GFLOP/s = %4.1f%% of SGEMM%n", what, s * 1e3, px / s, gf,
			100 * gf / gemm);
	}


	private static String uptime() {
		try {
			Process pr = new ProcessBuilder("uptime").redirectErrorStream(true).start();
			try (BufferedReader r = new BufferedReader(new InputStreamReader(pr.getInputStream()))) {
				String line = r.readLine();
				return line == null ? "?" : line.trim();
			}
		} catch (Exception e) {
			return "unavailable (" + e.getMessage() + ")";
		}
	}

	/** Larger dead-leaves-like images for the benchmark. */
	private static final class TrainFixturesBig {
		static List<TrainImage> images(int n, int side, long seed) {
			Random r = new Random(seed);
			List<TrainImage> list = new ArrayList<>();
			for (int b = 0; b < n; b++) {
				float[] im = new float[side * side];
				java.util.Arrays.fill(im, (float) r.nextDouble());
				for (int d = 0; d < 400; d++) {
					int cx = r.nextInt(side), cy = r.nextInt(side), rad = 2 + r.nextInt(14);
					float v = (float) r.nextDouble();
					for (int y = Math.max(0, cy - rad); y < Math.min(side, cy + rad + 1); y++)
						for (int x = Math.max(0, cx - rad); x < Math.min(side, cx + rad + 1); x++)
							if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= rad * rad) im[y * side + x] = v;
				}
				for (int i = 0; i < im.length; i++) im[i] += (float) (0.02 * r.nextGaussian());
				list.add(new TrainImage(im, side, side));
			}
			return list;
		}
	}
}
