package org.ride.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.ride.core.data.DeadLeaves;
import org.ride.core.data.DeadLeavesImage;

/**
 * Writes the DL-256 dead-leaves set (data-and-cost.md §1.3) as 8-bit gray PNGs:
 * {@code DIR/test/dl-%04d.png} for indices [0, test), {@code DIR/train/dl-%04d.png} for indices
 * [100, 100+train), plus {@code DIR/README.txt} (recipe and seeds) and {@code DIR/leaves.tsv}
 * (index, split, seed, leaf count). Exit status 0 on success, 2 on bad arguments, 1 on failure.
 */
public final class DeadLeavesMain {

	static final String USAGE = "usage: java -cp RIDE_.jar org.ride.cli.DeadLeavesMain --out DIR [--train 900]"
		+ " [--test 100] [--size 256] [--aa]\n"
		+ "  --out DIR    output folder (created if missing)\n"
		+ "  --train M    number of training images, indices [100, 100+M) (default 900)\n"
		+ "  --test T     number of test images, indices [0, T), 0 <= T <= 100 (default 100)\n"
		+ "  --size N     image side in pixels, 1..4096 (default 256 = DL-256)\n"
		+ "  --aa         antialiased variant DL-256-AA (4x4 sub-samples per pixel)";

	private DeadLeavesMain() {}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	/** The whole CLI; returns the exit status instead of exiting (for tests). */
	static int run(String[] args, PrintStream out, PrintStream err) {
		DeadLeavesOptions opt;
		try {
			opt = DeadLeavesOptions.parse(args);
		} catch (IllegalArgumentException e) {
			err.println("error: " + e.getMessage());
			err.println(USAGE);
			return 2;
		}
		if (opt == null) {
			out.println(USAGE);
			return 0;
		}
		try {
			long t0 = System.nanoTime();
			long[] leaves = writeAll(opt);
			DeadLeavesReadme.write(opt, leaves);
			out.printf("wrote %d test + %d train images (%d px, %s) to %s in %.1f s%n", opt.test(), opt.train(),
				opt.size(), opt.aa() ? "antialiased" : "aliased", opt.out(), (System.nanoTime() - t0) / 1e9);
			return 0;
		} catch (IOException | RuntimeException e) {
			err.println("error: " + e.getMessage());
			return 1;
		}
	}

	/** Generates and writes every image on all cores; returns the leaf count per index (0 where unused). */
	private static long[] writeAll(DeadLeavesOptions opt) throws IOException {
		File testDir = new File(opt.out(), "test"), trainDir = new File(opt.out(), "train");
		for (File d : new File[] { testDir, trainDir })
			if (!d.isDirectory() && !d.mkdirs()) throw new IOException("cannot create folder " + d);
		DeadLeaves gen = new DeadLeaves(opt.size(), opt.aa());
		long[] leaves = new long[opt.lastIndex()];
		int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> jobs = new ArrayList<>();
			for (int i : opt.indices()) {
				File f = new File(DeadLeaves.isTestIndex(i) ? testDir : trainDir, fileName(i));
				jobs.add(pool.submit(() -> {
					DeadLeavesImage im = gen.generate(i);
					DeadLeavesPng.write(im.pixels(), im.size(), im.size(), f);
					leaves[i] = im.leaves();
					return null;
				}));
			}
			for (Future<?> j : jobs)
				j.get();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while writing images", e);
		} catch (java.util.concurrent.ExecutionException e) {
			Throwable c = e.getCause();
			throw new IOException("writing an image failed: " + c.getMessage(), c);
		} finally {
			pool.shutdownNow();
		}
		return leaves;
	}

	/** "dl-%04d.png" of image index i. */
	static String fileName(int index) {
		return String.format("dl-%04d.png", index);
	}

	static void writeText(File f, String text) throws IOException {
		Files.writeString(f.toPath(), text, StandardCharsets.UTF_8);
	}
}
