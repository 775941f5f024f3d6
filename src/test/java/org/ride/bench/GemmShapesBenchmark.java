package org.ride.bench;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasColMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.util.Random;

import org.bytedeco.javacpp.FloatPointer;
import org.ride.core.nd.NdInit;

/**
 * How fast OpenBLAS runs the LSTM's per-diagonal GEMMs of RIDE 1/64 (not a test): the pre-activations
 * a [M, 320] of one anti-diagonal of M positions as the map computes them (x [M, 13]·W_x, then h_left and h_top
 * [M, 64]·W_h with β = 1, 'f' output), against one K = 141 GEMM on [x 1 h_left h_top], and both with the output
 * transposed ([320, M]). Prints µs per diagonal and GFLOP/s (2·M·141·320 FLOP) for M = 32, 57 (a 64-row band's
 * average over a 512-wide image), 64 and 128, best of 8 rounds; one thread. Run with OMP_NUM_THREADS=1 and the
 * OPENBLAS_CORETYPE to test: <pre>scripts/bench-gemm-shapes.sh</pre>
 */
public final class GemmShapesBenchmark {

	private static final int N = 320, REPS = 2000;

	public static void main(String[] args) {
		NdInit.ensure();
		System.out.printf("# LSTM diagonal GEMMs — %s%n%n", Yardstick.machine());
		System.out.println("| M | x, h_left, h_top: 3 GEMMs | one K = 141 GEMM | one, output transposed | 3, output transposed |");
		System.out.println("|---|---|---|---|---|");
		Random rng = new Random(1);
		for (int m : new int[] {32, 57, 64, 128}) {
			FloatPointer x = rnd(rng, m * 13), hl = rnd(rng, m * 64), ht = rnd(rng, m * 64), u = rnd(rng, m * 141);
			FloatPointer wx = rnd(rng, 13 * N), wl = rnd(rng, 64 * N), wt = rnd(rng, 64 * N), w = rnd(rng, 141 * N);
			FloatPointer c = rnd(rng, m * N);
			double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
			for (int round = 0; round < 8; round++)
				for (int v = 0; v < 4; v++) {
					long t = System.nanoTime();
					for (int r = 0; r < REPS; r++) run(v, m, x, hl, ht, u, wx, wl, wt, w, c);
					best[v] = Math.min(best[v], (System.nanoTime() - t) / (double) REPS);
				}
			double flop = 2.0 * m * 141 * N;
			StringBuilder row = new StringBuilder("| " + m + " |");
			for (double ns : best) row.append(String.format(" %.1f µs (%.0f GFLOP/s) |", ns / 1e3, flop / ns));
			System.out.println(row);
		}
	}

	private static void run(int v, int m, FloatPointer x, FloatPointer hl, FloatPointer ht, FloatPointer u,
		FloatPointer wx, FloatPointer wl, FloatPointer wt, FloatPointer w, FloatPointer c) {
		switch (v) {
			case 0 -> { // as SlstmLayer: x 'f' [M, 13]; h rows 'c' [M, 64] (transposed operands); a 'f' [M, 320]
				cblas_sgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, m, N, 13, 1f, x, m, wx, 13, 0f, c, m);
				cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, m, N, 64, 1f, hl, 64, wl, 64, 1f, c, m);
				cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, m, N, 64, 1f, ht, 64, wt, 64, 1f, c, m);
			}
			case 1 -> cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, m, N, 141, 1f, u, 141, w, 141, 0f, c, m);
			case 2 -> cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, N, m, 141, 1f, w, 141, u, 141, 0f, c, N);
			default -> {
				cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, N, m, 13, 1f, wx, 13, x, 13, 0f, c, N);
				cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, N, m, 64, 1f, wl, 64, hl, 64, 1f, c, N);
				cblas_sgemm(CblasColMajor, CblasTrans, CblasNoTrans, N, m, 64, 1f, wt, 64, ht, 64, 1f, c, N);
			}
		}
	}

	private static FloatPointer rnd(Random rng, int n) {
		FloatPointer p = new FloatPointer(n);
		for (int i = 0; i < n; i++) p.put(i, rng.nextFloat() - 0.5f);
		return p;
	}
}
