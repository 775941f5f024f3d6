package org.ride.core.mcgsm;

import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.nd.Chunks;
import org.ride.core.nd.NdInit;

/**
 * Throughput of the combined MCGSM pass (log p + data gradients + default parameter gradients) at RIDE's
 * MCGSM-only size: N_in = 12, D = 1, K = 32, S = 4, F = 32, N = 100,000 random samples, in FLOAT and DOUBLE.
 * Prints the load average, samples/s for log p only and for the combined pass with 1 and with all Java threads,
 * the GEMM GFLOP/s of the combined pass and its ratio to a 1024³ SGEMM timed in the same process.
 * Arguments: {@code [reps=5] [chunkColumns=8192 ...]}. Run with {@code OMP_NUM_THREADS} 1 or 2; the machine
 * may be shared, so run it several times and keep the best.
 */
public final class McgsmBenchmark {

	static final int DIN = 12, D = 1, K = 32, S = 4, F = 32, N = 100_000;

	public static void main(String[] args) {
		NdInit.ensure();
		int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
		int[] chunks = { 8192 };
		if (args.length > 1) {
			chunks = new int[args.length - 1];
			for (int i = 1; i < args.length; i++) chunks[i - 1] = Integer.parseInt(args[i]);
		}
		System.out.printf("load average %s", load());
		System.out.printf("OMP_NUM_THREADS=%s, N=%d, N_in=%d, D=%d, K=%d, S=%d, F=%d%n", System.getenv("OMP_NUM_THREADS"),
			N, DIN, D, K, S, F);
		double sgemm = org.ride.bench.Yardstick.sgemmGflops();
		System.out.printf("SGEMM 1024^3 ('f' out): %.1f GFLOP/s%n", sgemm);
		for (DataType dt : new DataType[] { DataType.FLOAT, DataType.DOUBLE })
			for (int chunk : chunks)
				for (int threads : new int[] { 1, Chunks.DEFAULT_THREADS }) run(dt, chunk, threads, reps, sgemm);
		System.out.printf("load average %s", load());
	}

	private static String load() {
		try {
			return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"));
		} catch (java.io.IOException e) {
			return "unknown\n";
		}
	}

	private static void run(DataType dt, int chunk, int threads, int reps, double sgemm) {
		Random rng = new Random(1);
		Mcgsm m = new Mcgsm(new McgsmConfig(DIN, D, K, S, F), dt, rng);
		m.setChunkColumns(chunk);
		m.setThreads(threads);
		INDArray x = Nd4j.randn(dt, DIN, N).dup('f'), y = Nd4j.randn(dt, D, N).dup('f');
		double ll = best(reps, () -> m.logLikelihood(x, y));
		double llCpu = lastCpu;
		double all = best(reps, () -> m.evaluate(x, y, true, TrainFlags.DEFAULT));
		double allCpu = lastCpu;
		double flops = N * flopsPerSample();
		System.out.printf("%-6s chunk %6d, %d thread(s): log p only %6.1f ms (%5.2f M/s); combined %6.1f ms = %5.2f M "
			+ "samples/s, GEMMs %.1f GFLOP/s (%.0f%% of SGEMM)%n", dt, chunk, threads, ll * 1e3, N / ll / 1e6, all * 1e3,
			N / all / 1e6,
			flops / all / 1e9, 100 * flops / all / 1e9 / sgemm);
		System.out.printf("       process CPU time of those runs: log p %.1f ms (%.2f M samples per CPU-s), combined %.1f ms "
			+ "(%.2f M samples per CPU-s)%n", llCpu * 1e3, N / llCpu / 1e6, allCpu * 1e3, N / allCpu / 1e6);
	}

	/**
	 * GEMM FLOPs of the combined pass per sample with D = 1 and U = M = 0 (see Pass, GradientSums); the
	 * gate's exponentials and sums (Gate) are not counted.
	 */
	static double flopsPerSample() {
		return 2 * (F * DIN + K * F + K * DIN + K // forward: F, W, Z
			+ F * K + K + K * DIN + DIN * F // backward: V, ∂y, ∂x
			+ K * F + DIN * F + K * DIN); // sums: β, B, A
	}


	/** Process CPU seconds of the fastest run of the last {@link #best} call. */
	private static double lastCpu;

	/**
	 * Fastest wall time of {@code reps} runs after a warm-up. NB: on a shared machine the process CPU time
	 * (summed over threads, recorded in {@link #lastCpu}) shows the cost per sample even when cores are busy.
	 */
	private static double best(int reps, Runnable r) {
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management
			.ManagementFactory.getOperatingSystemMXBean();
		r.run(); // warm-up
		double best = Double.MAX_VALUE;
		for (int i = 0; i < reps; i++) {
			long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
			r.run();
			double t = (System.nanoTime() - t0) / 1e9;
			if (t < best) {
				best = t;
				lastCpu = (os.getProcessCpuTime() - c0) / 1e9;
			}
		}
		return best;
	}
}
