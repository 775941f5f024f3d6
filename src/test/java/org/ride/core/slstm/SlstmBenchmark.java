package org.ride.core.slstm;

import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Timing main (not a test): FLOAT, H = 64, C_in = 12 (RIDE 1/64, gray nb 5).
 * (a) forward of one 512×512 grid (B = 1), first call (plan creation) and best repeat;
 * (b) forward + backward on batches of 50 patches of 22×22 px, i.e. the 20×18 grid the model sees with nb 5;
 * (c) a 1024³ SGEMM in the same process as the yardstick.
 * FLOP model (data-and-cost.md §4.1): 10H(d + 2H) + 11H per pixel forward, training ≈ 3×.
 * (a) and (a') use the forward-only path (keepForBackward = false).
 * Run with OMP_NUM_THREADS=1 or 2 and OPENBLAS_CORETYPE=Haswell; (a) needs ~250 MB off-heap.
 */
public final class SlstmBenchmark {

	public static void main(String[] args) {
		int hid = 64, cin = 12, reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
		double flopPx = 10.0 * hid * (cin + 2 * hid) + 11.0 * hid;
		double gemm = org.ride.bench.Yardstick.sgemmGflops();
		System.out.printf("SGEMM 1024^3: %.1f GFLOP/s; load %s%n", gemm, load());
		SlstmLayer layer = new SlstmLayer(SlstmConfig.of(cin, hid), DataType.FLOAT, new Random(1));

		int side = 512;
		INDArray x = Nd4j.rand(DataType.FLOAT, side * side, cin).subi(0.5);
		long t0 = System.nanoTime();
		layer.forward(x, 1, side, side, null, null, false);
		report("(a) 512x512 fwd, first call", side * side, (System.nanoTime() - t0) / 1e9, flopPx, gemm);
		double best = Double.MAX_VALUE;
		for (int r = 0; r < reps; r++) {
			long t = System.nanoTime();
			layer.forward(x, 1, side, side, null, null, false);
			best = Math.min(best, (System.nanoTime() - t) / 1e9);
		}
		report("(a) 512x512 fwd, best repeat", side * side, best, flopPx, gemm);
		INDArray xBand = Nd4j.rand(DataType.FLOAT, 64 * side, cin).subi(0.5);
		best = Double.MAX_VALUE;
		for (int r = 0; r < 2 * reps; r++) {
			long t = System.nanoTime();
			layer.forward(xBand, 1, 64, side, null, null, false);
			if (r > 0) best = Math.min(best, (System.nanoTime() - t) / 1e9);
		}
		report("(a') 64x512 band fwd, best", 64 * side, best, flopPx, gemm);
		x = null;
		layer = new SlstmLayer(SlstmConfig.of(cin, hid), DataType.FLOAT, new Random(1)); // drop the big plan

		int b = 50, rows = 20, cols = 18, px = b * rows * cols;
		INDArray xb = Nd4j.rand(DataType.FLOAT, px, cin).subi(0.5);
		INDArray dh = Nd4j.rand(DataType.FLOAT, px, hid).subi(0.5);
		best = Double.MAX_VALUE;
		double bestF = Double.MAX_VALUE;
		for (int r = 0; r < 5 * reps; r++) {
			long t = System.nanoTime();
			layer.forward(xb, b, rows, cols);
			long tf = System.nanoTime();
			layer.backward(dh);
			long tb = System.nanoTime();
			if (r > 0) {
				best = Math.min(best, (tb - t) / 1e9);
				bestF = Math.min(bestF, (tf - t) / 1e9);
			}
		}
		report("(b) 50 x 20x18 fwd only", px, bestF, flopPx, gemm);
		report("(b) 50 x 20x18 fwd+bwd", px, best, 3 * flopPx, gemm);
		// NB: on a shared box wall time mostly measures the scheduler; the thread's CPU time (BLAS runs on the
		// calling thread with OMP_NUM_THREADS=1) is the stable figure to compare versions with
		java.lang.management.ThreadMXBean tb = java.lang.management.ManagementFactory.getThreadMXBean();
		double cf = Double.MAX_VALUE, cb = Double.MAX_VALUE;
		for (int r = 0; r < 5 * reps; r++) {
			long t = tb.getCurrentThreadCpuTime();
			layer.forward(xb, b, rows, cols);
			long tf = tb.getCurrentThreadCpuTime();
			layer.backward(dh);
			cf = Math.min(cf, (tf - t) / 1e9);
			cb = Math.min(cb, (tb.getCurrentThreadCpuTime() - tf) / 1e9);
		}
		System.out.printf("(b) CPU time: fwd %.0f px/cpu-s, fwd+bwd %.0f px/cpu-s%n", px / cf, px / (cf + cb));
		System.out.printf("load after: %s%n", load());
	}

	private static String load() {
		try {
			return new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("/proc/loadavg"))).trim();
		} catch (java.io.IOException e) {
			return "?";
		}
	}

	private static void report(String what, int px, double s, double flopPx, double gemm) {
		double gf = px * flopPx / s / 1e9;
		System.out.printf("%-32s %8.3f s  %10.0f px/s  %6.1f GFLOP/s  (%.0f%% of SGEMM)%n", what, s, px / s, gf, 100 * gf / gemm);
	}

}
