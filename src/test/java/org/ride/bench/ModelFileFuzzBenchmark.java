package org.ride.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.ride.io.ModelFileFuzzer;

/**
 * The model-file fuzz figures of BENCHMARKS.md: {@code count} mutations of three real model files, each loaded
 * with the real reader under a time limit; prints the counts by outcome (only REFUSED and
 * LOADED_SELF_TEST_PASSED are acceptable), by mutation kind and refusal kind, and every bad case with its
 * index (rerun it with {@code first=index count=1}).
 * <pre>scripts/bench-fuzz.sh [count=1000] [seed=1] [first=0] [timeout_ms=30000] [verbose]</pre>
 * Exit code 1 when any case is in a bad class.
 */
public final class ModelFileFuzzBenchmark {

	private ModelFileFuzzBenchmark() {}

	public static void main(String[] args) throws Exception {
		int count = 1000, first = 0;
		long seed = 1, timeout = 30_000;
		boolean verbose = false;
		for (String a : args) {
			String[] kv = a.split("=", 2);
			switch (kv[0]) {
			case "count" -> count = Integer.parseInt(kv[1]);
			case "seed" -> seed = Long.parseLong(kv[1]);
			case "first" -> first = Integer.parseInt(kv[1]);
			case "timeout_ms" -> timeout = Long.parseLong(kv[1]);
			case "verbose" -> verbose = true;
			default -> throw new IllegalArgumentException("unknown argument " + a + "; use count= seed= first= timeout_ms=");
			}
		}
		Path dir = Files.createTempDirectory("ride-fuzz");
		long t0 = System.nanoTime();
		Map<String, byte[]> bases = ModelFileFuzzer.realModels(dir);
		System.out.printf("bases (trained in %.1f s):", (System.nanoTime() - t0) / 1e9);
		bases.forEach((n, b) -> System.out.printf(" %s %d bytes sha256 %s", n, b.length, ModelFileFuzzer.sha256(b).substring(0, 12)));
		System.out.println();
		ModelFileFuzzer f = new ModelFileFuzzer(bases, dir, timeout);
		long t1 = System.nanoTime();
		List<ModelFileFuzzer.Case> cases = f.run(seed, first, count);
		double sec = (System.nanoTime() - t1) / 1e9;
		System.out.printf("%d mutations (seed %d, first %d) in %.1f s = %.1f loads/s, time limit %d ms each%n", count, seed,
			first, sec, count / sec, timeout);
		System.out.println("by outcome: " + ModelFileFuzzer.byOutcome(cases));
		System.out.println("by mutation kind and outcome:");
		ModelFileFuzzer.byKindAndDetail(cases).forEach((k, v) -> System.out.printf("  %-45s %5d%n", k, v));
		long bad = cases.stream().filter(c -> !c.good()).count();
		for (ModelFileFuzzer.Case c : cases)
			if (!c.good() || verbose && c.outcome() == ModelFileFuzzer.Outcome.LOADED_SELF_TEST_PASSED) System.out.println(
				(c.good() ? "loaded #" : "BAD #") + c.index() + " " + c.kind() + " " + c.base() + " [" + c.what() + "] -> "
				+ c.outcome() + " " + c.detail());
		List<ModelFileFuzzer.Case> loaded = cases.stream().filter(c -> !Double.isNaN(c.shift()))
			.sorted((x, y) -> Double.compare(y.shift(), x.shift())).toList();
		if (!loaded.isEmpty()) {
			System.out.printf("loaded after a mutation: %d; |change of mean bits/px| on an independent image: median %.2e, "
				+ "max %.2e; > 0.01 bits/px: %d%n", loaded.size(), loaded.get(loaded.size() / 2).shift(),
				loaded.get(0).shift(), loaded.stream().filter(c -> c.shift() > 0.01).count());
			for (ModelFileFuzzer.Case c : loaded.subList(0, Math.min(5, loaded.size())))
				System.out.printf("  largest: %.3e bits/px #%d %s %s [%s]%n", c.shift(), c.index(), c.kind(), c.base(), c.what());
		}
		long heap = 0;
		for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
			if (p.getType() == MemoryType.HEAP) heap += p.getPeakUsage().getUsed();
		System.out.printf("peak heap %.0f MB; %d bad case(s)%n", heap / 1048576.0, bad);
		System.exit(bad == 0 ? 0 : 1);
	}
}
