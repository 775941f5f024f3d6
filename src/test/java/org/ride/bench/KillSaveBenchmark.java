package org.ride.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.ride.io.KillDuringSave;

/**
 * The kill-test figures of BENCHMARKS.md: {@code trials} child JVMs each save two models over one target in turn and
 * are killed with SIGKILL at a random moment; counts which model the target held, how often the kill left a
 * temporary file (it landed inside a write) and whether the next save removed it.
 * <pre>scripts/bench-kill.sh [trials=60] [max_delay_ms=400] [seed=1]</pre>
 * Exit code 1 when any trial left a target that is neither model, does not load, or kept a temporary file.
 */
public final class KillSaveBenchmark {

	private KillSaveBenchmark() {}

	public static void main(String[] args) throws Exception {
		int trials = 60, maxDelay = 400;
		long seed = 1;
		for (String a : args) {
			String[] kv = a.split("=", 2);
			switch (kv[0]) {
			case "trials" -> trials = Integer.parseInt(kv[1]);
			case "max_delay_ms" -> maxDelay = Integer.parseInt(kv[1]);
			case "seed" -> seed = Long.parseLong(kv[1]);
			default -> throw new IllegalArgumentException("unknown argument " + a + "; use trials= max_delay_ms= seed=");
			}
		}
		Path dir = Files.createTempDirectory("ride-kill");
		Path[] m = KillDuringSave.models(dir);
		KillDuringSave k = new KillDuringSave(dir, m[0], m[1]);
		Random r = new Random(seed);
		int a = 0, b = 0, neither = 0, notLoading = 0, midWrite = 0, cleaned = 0, kept = 0;
		long t0 = System.nanoTime();
		for (int i = 0; i < trials; i++) {
			KillDuringSave.Trial t = k.run(i, r, maxDelay);
			if ("a".equals(t.targetIs())) a++;
			else if ("b".equals(t.targetIs())) b++;
			else neither++;
			if (!t.loads()) notLoading++;
			if (t.leftBehind() > 0) midWrite++;
			if (t.leftBehind() > 0 && t.afterSave() == 0) cleaned++;
			if (t.afterSave() > 0) kept++;
			if (!t.ok()) System.out.println("FAILED trial " + i + ": " + t);
		}
		System.out.printf("%d SIGKILL trials (max delay %d ms, seed %d) in %.1f s%n", trials, maxDelay, seed,
			(System.nanoTime() - t0) / 1e9);
		System.out.printf("target afterwards: old/new model a %d, b %d, neither %d; does not load %d%n", a, b, neither,
			notLoading);
		System.out.printf("killed inside a write (temporary file left) %d; removed by the next save %d; kept %d%n", midWrite,
			cleaned, kept);
		System.exit(neither + notLoading + kept == 0 ? 0 : 1);
	}
}
