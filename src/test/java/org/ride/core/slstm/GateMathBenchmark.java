package org.ride.core.slstm;

import java.util.Random;

/**
 * Timing main (not a test): nanoseconds per element of the gate nonlinearities over a diagonal-sized block
 * (256 × 64 floats, arguments uniform in [−8, 8]), fast rational forms against the exact Math-library ones, and
 * their worst errors on a fine grid. Whether C2 vectorised a loop shows by running it again with
 * {@code -XX:-UseSuperWord} (auto-vectorisation off): a vectorised loop gets several times slower, a scalar one
 * does not (scripts/bench-gate-math.sh runs both).
 */
public final class GateMathBenchmark {

	private static final int LEN = 256 * 64;

	public static void main(String[] args) {
		int reps = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
		float[] src = new float[LEN], a = new float[LEN];
		Random r = new Random(1);
		for (int e = 0; e < LEN; e++) src[e] = (float) (16 * r.nextDouble() - 8);
		System.out.println("| loop (256×64 floats) | ns per element |");
		System.out.println("|---|---|");
		String[] names = {"fast tanh (FusedFloat.tanh)", "fast σ (½ + ½·tanh(x/2))", "exact tanh (Math.tanh)",
			"exact σ (1/(1 + Math.exp(−x)))"};
		for (int f = 0; f < names.length; f++) {
			double best = Double.MAX_VALUE;
			for (int round = 0; round < 5; round++) {
				long t = System.nanoTime();
				for (int k = 0; k < reps; k++) {
					System.arraycopy(src, 0, a, 0, LEN);
					apply(f, a);
				}
				best = Math.min(best, (System.nanoTime() - t) / (double) reps / LEN);
			}
			System.out.printf("| %s | %.3f |%n", names[f], best);
		}
		double tanhErr = 0, sigErr = 0;
		for (int s = -2_000_000; s <= 2_000_000; s++) {
			float x = s * 1e-5f;
			tanhErr = Math.max(tanhErr, Math.abs(FusedFloat.tanh(x) - Math.tanh(x)));
			sigErr = Math.max(sigErr, Math.abs(FusedFloat.sigm(x) - 1 / (1 + Math.exp(-x))));
		}
		System.out.printf("%nworst absolute error on [−20, 20] (step 1e-5): tanh %.2e, σ %.2e%n", tanhErr, sigErr);
	}

	private static void apply(int f, float[] a) {
		switch (f) {
			case 0 -> { for (int e = 0; e < LEN; e++) a[e] = FusedFloat.tanh(a[e]); }
			case 1 -> { for (int e = 0; e < LEN; e++) a[e] = FusedFloat.sigm(a[e]); }
			case 2 -> { for (int e = 0; e < LEN; e++) a[e] = FusedFloat.exactTanh(a[e]); }
			default -> { for (int e = 0; e < LEN; e++) a[e] = FusedFloat.exactSigm(a[e]); }
		}
	}
}
