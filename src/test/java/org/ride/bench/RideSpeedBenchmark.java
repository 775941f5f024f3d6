package org.ride.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.data.DeadLeaves;
import org.ride.core.data.Dequantization;
import org.ride.core.mcgsm.TrainFlags;
import org.ride.core.model.LogLikelihoodMap;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.nd.NdInit;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.sample.TextureSynthesis;
import org.ride.core.slstm.Gate;
import org.ride.core.whitening.Whitening;

/**
 * Speed of RIDE 1/64 (FLOAT) on this machine, the table (not a test):
 * (a) log-likelihood map of a 512×512 image; (b) one training step, forward + backward on 50 patches of
 * 22×22 (20×18 scored pixels each); (c) sampling a 256×256 texture; (e, {@code inpaint}) filling a centred
 * 71×71 hole of a 128×128 dead-leaves crop with the inpainting protocol's settings (19×19 windows, 5×5 blocks,
 * stride 3, flips, 5 ancestral starts), timed over 10 sweeps and scaled to 100 (the start counted once);
 * (d, {@code memory}) peak resident memory of the process while computing the map of a 4096×4096 image, in a
 * JVM of its own. The inpainting speed does not depend on the weights except through the acceptance rate.
 * FLOP model (data-and-cost.md §4.3): 106 kFLOP per pixel forward (LSTM 90.3k + MCGSM 16.0k), training ≈ 3×.
 * The weights are random (speed does not depend on them) with forget-gate biases −1 so that sampling
 * stays finite; the whitening is fitted on dead leaves.
 * Each case runs for every thread count asked for (default: one per processor), interleaved repetition by
 * repetition so that a change of load on the shared machine hits all of them alike.
 * <pre>scripts/bench-ride-speed.sh [all|map|train|sample|inpaint|memory] [reps] [threads, e.g. 1,2]</pre>
 */
public final class RideSpeedBenchmark {

	private static final double FLOP_PX = 10.0 * 64 * (12 + 128) + 11 * 64 + 16_000;

	public static void main(String[] args) {
		NdInit.ensure();
		String what = args.length > 0 ? args[0] : "all";
		int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
		int[] threads = java.util.Arrays.stream((args.length > 2 ? args[2]
			: String.valueOf(Runtime.getRuntime().availableProcessors())).split(",")).mapToInt(Integer::parseInt).toArray();
		Ride model = model();
		if (what.equals("memory")) {
			memory(model, 4096);
			return;
		}
		double gemm = Yardstick.sgemmGflops();
		System.out.printf("# RIDE 1/64 speed — %s%nSGEMM 1024^3: %.1f GFLOP/s%n%n", Yardstick.machine(), gemm);
		System.out.println("| case | threads | best time | px/s | effective GFLOP/s | ratio to SGEMM | cores used |");
		System.out.println("|---|---|---|---|---|---|---|");
		if (what.equals("all") || what.equals("map")) map(model, 512, reps, threads, gemm);
		if (what.equals("all") || what.equals("train")) train(model, reps, threads, gemm);
		if (what.equals("all") || what.equals("sample")) sample(model, 256, reps, threads, gemm);
		if (what.equals("all") || what.equals("inpaint")) inpaint(model, Math.max(1, reps / 2), threads);
		System.out.printf("%npeak RSS of this process: %.0f MB%n", Yardstick.peakRssMb());
	}

	public static Ride model() {
		Ride m = new Ride(RideConfig.paper(1), DataType.FLOAT, new Random(1));
		for (Gate g : new Gate[] { Gate.F_I, Gate.F_J })
			m.lstm().layer(0).setBias(g, Nd4j.valueArrayOf(64L, -1.0).castTo(DataType.FLOAT));
		List<float[]> imgs = new ArrayList<>();
		for (int i = 100; i < 102; i++) imgs.add(deadLeaves(i));
		Neighbourhoods nb = Neighbourhoods.batch(imgs, 256, 256, m.mask(), DataType.DOUBLE);
		m.setWhitening(Whitening.fit(nb.inputs().transpose(), nb.outputs().transpose()));
		return m;
	}

	public static float[] deadLeaves(int index) {
		double[] d = Dequantization.dequantise(DeadLeaves.dl256().generate(index), index);
		float[] f = new float[d.length];
		for (int k = 0; k < d.length; k++) f[k] = (float) d[k];
		return f;
	}

	/** A side×side image tiled from dead leaves. */
	public static float[] image(int side) {
		float[] dl = deadLeaves(0), im = new float[side * side];
		for (int y = 0; y < side; y++)
			for (int x = 0; x < side; x++) im[y * side + x] = dl[(y % 256) * 256 + x % 256];
		return im;
	}

	/** Cores this process got during the best repetition of each thread count (CPU time / wall time). */
	private static double[] cores = new double[0];

	/** Warm-up per case before the timed calls: at least this long, alternating the thread counts. */
	static final double WARM_UP_SECONDS = 3;

	/**
	 * Best time of {@code reps} calls of {@code run} per thread count, after {@link #WARM_UP_SECONDS} of warm-up
	 * calls; also sets {@link #cores}. NB: the steady state is what users see (training runs thousands of steps, a
	 * batch maps many images): after a single warm-up call (this benchmark before 2026-12-06 evening) C2 had not yet
	 * compiled the training step's hot loops, and the best of 5 training steps was 20–35 % slower than after 3 s.
	 * On the shared machine the second thread helps only when a second core is free: the CPU time shows how much
	 * of one the run got.
	 */
	private static double[] best(Ride m, int reps, int[] threads, Runnable run) {
		double[] best = new double[threads.length];
		cores = new double[threads.length];
		java.util.Arrays.fill(best, Double.MAX_VALUE);
		for (long warm = System.nanoTime(); System.nanoTime() - warm < WARM_UP_SECONDS * 1e9;)
			for (int t : threads) {
				m.setThreads(t);
				run.run();
			}
		for (int r = 0; r < reps; r++)
			for (int t = 0; t < threads.length; t++) {
				m.setThreads(threads[t]);
				long c0 = cpuNanos(), t0 = System.nanoTime();
				run.run();
				double s = (System.nanoTime() - t0) / 1e9;
				if (s < best[t]) {
					best[t] = s;
					cores[t] = (cpuNanos() - c0) / 1e9 / s;
				}
			}
		m.setThreads(Runtime.getRuntime().availableProcessors());
		return best;
	}

	private static long cpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	private static void map(Ride m, int side, int reps, int[] threads, double gemm) {
		float[] im = image(side);
		double[] best = best(m, reps, threads, () -> LogLikelihoodMap.compute(m, im, side, side, Progress.NONE,
			CancelToken.NONE));
		for (int t = 0; t < threads.length; t++)
			row("(a) log-likelihood map " + side + "×" + side, threads[t], t, best[t], (double) side * side, FLOP_PX, gemm);
	}

	private static void train(Ride m, int reps, int[] threads, double gemm) {
		float[] src = deadLeaves(5);
		List<float[]> patches = new ArrayList<>();
		for (int k = 0; k < 50; k++) {
			float[] p = new float[22 * 22];
			int x0 = (k % 11) * 22, y0 = (k / 11) * 22;
			for (int y = 0; y < 22; y++) System.arraycopy(src, (y0 + y) * 256 + x0, p, y * 22, 22);
			patches.add(p);
		}
		double[] best = best(m, reps, threads, () -> m.lossAndGradient(
			m.whiten(Neighbourhoods.batch(patches, 22, 22, m.mask(), m.dataType())), TrainFlags.DEFAULT, true));
		for (int t = 0; t < threads.length; t++)
			row("(b) training step, 50 × 22×22", threads[t], t, best[t], 50.0 * 20 * 18, 3 * FLOP_PX, gemm);
	}

	private static void sample(Ride m, int side, int reps, int[] threads, double gemm) {
		int[] seed = {0};
		double[] best = best(m, reps, threads, () -> TextureSynthesis.synthesize(m, TextureSynthesis.Options.of(side,
			side, seed[0]++).withClip(new double[] { 0 }, new double[] { 256 }), Progress.NONE, CancelToken.NONE));
		for (int t = 0; t < threads.length; t++)
			row("(c) sampling a " + side + "×" + side + " texture", threads[t], t, best[t], (double) side * side, FLOP_PX,
				gemm);
	}

	private static void inpaint(Ride m, int reps, int[] threads) {
		int side = 128, hole = 71, h0 = (side - hole) / 2, sweeps = 10;
		float[] dl = deadLeaves(0), im = new float[side * side];
		for (int y = 0; y < side; y++) System.arraycopy(dl, y * 256, im, y * side, side);
		boolean[] mask = new boolean[side * side];
		for (int y = h0; y < h0 + hole; y++)
			for (int x = h0; x < h0 + hole; x++) mask[y * side + x] = true;
		org.ride.core.inpaint.InpaintOptions o = org.ride.core.inpaint.InpaintOptions.defaults(0, 256, 1).withSweeps(0);
		double[] start = best(m, reps, threads, () -> org.ride.core.inpaint.Inpainter.inpaint(m, im, side, side, mask, o,
			Progress.NONE, CancelToken.NONE));
		double[] withSweeps = best(m, reps, threads, () -> org.ride.core.inpaint.Inpainter.inpaint(m, im, side, side, mask,
			o.withSweeps(sweeps), Progress.NONE, CancelToken.NONE));
		for (int t = 0; t < threads.length; t++) {
			double perSweep = (withSweeps[t] - start[t]) / sweeps, total = start[t] + 100 * perSweep;
			System.out.printf("| (e) inpainting 71×71, 100 sweeps (start %.2f s + 100 × %.3f s) | %d | %.1f s | | | | %.2f |%n",
				start[t], perSweep, threads[t], total, cores[t]);
		}
	}

	private static void memory(Ride m, int side) {
		float[] im = image(side);
		long t = System.nanoTime();
		LogLikelihoodMap map = LogLikelihoodMap.compute(m, im, side, side,
			Progress.NONE, CancelToken.NONE);
		double s = (System.nanoTime() - t) / 1e9;
		System.out.printf("(d) %d×%d map: %.1f s (%.0f px/s), mean %.3f bits/px; peak RSS %.0f MB (heap max %d MB) — %s%n",
			side, side, s, side * (double) side / s, map.meanBitsPerPixel(1), Yardstick.peakRssMb(),
			Runtime.getRuntime().maxMemory() >> 20, Yardstick.machine());
	}

	private static void row(String what, int threads, int t, double s, double px, double flopPx, double gemm) {
		double gf = px * flopPx / s / 1e9;
		System.out.printf("| %s | %d | %.3f s | %.0f | %.1f | %.2f | %.2f |%n", what, threads, s, px / s, gf, gf / gemm,
			cores[t]);
	}
}
