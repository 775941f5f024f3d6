package org.ride.core.slstm;

/**
 * Timing main (not a test): microseconds per transpose of one diagonal's h block (col-major [m, 64] → row-major,
 * m = 57, the mean diagonal of a 64-row band on 512 columns) in {@link FusedFloat#toRows}'s loop order (contiguous
 * reads, strided writes) against the other order (strided reads, contiguous writes), and back
 * ({@link FusedFloat#toCols}). NB: time each variant in a JVM of its own (argument 0..3): in one JVM the first
 * variants' profile changes how C2 compiles the later ones by up to 2×. Run: {@code for v in 0 1 2 3; do java -cp
 * "$CP" org.ride.core.slstm.TransposeBenchmark $v; done} after {@code source scripts/bench-env.sh}.
 */
public final class TransposeBenchmark {

	private static final int M = 57, H = 64, REPS = 200_000;

	public static void main(String[] args) {
		float[] col = new float[M * H], row = new float[M * H];
		for (int e = 0; e < col.length; e++) col[e] = e;
		String[] names = {"toRows (FusedFloat)", "toRows, the other loop order", "toCols (FusedFloat)",
			"toCols, the other loop order"};
		for (int f = 0; f < names.length; f++) {
			if (args.length > 0 && Integer.parseInt(args[0]) != f) continue;
			double best = Double.MAX_VALUE;
			for (int round = 0; round < 5; round++) {
				long t = System.nanoTime();
				for (int k = 0; k < REPS; k++)
					run(f, col, row);
				best = Math.min(best, (System.nanoTime() - t) / 1e3 / REPS);
			}
			System.out.printf("| %s | %.2f |%n", names[f], best);
		}
	}

	private static void run(int f, float[] col, float[] row) {
		switch (f) {
			case 0 -> FusedFloat.toRows(col, row, M, H);
			case 1 -> {
				for (int r = 0; r < M; r++)
					for (int u = 0; u < H; u++)
						row[r * H + u] = col[u * M + r];
			}
			case 2 -> FusedFloat.toCols(row, col, M, H);
			default -> {
				for (int u = 0; u < H; u++)
					for (int r = 0; r < M; r++)
						col[u * M + r] = row[r * H + u];
			}
		}
	}
}
