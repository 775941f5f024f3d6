package org.ride.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What every benchmark prints beside its own figures, so runs on a shared machine can be compared: a
 * 1024³ SGEMM timed in the same process (ratios to it drift less than absolute times), the load, the
 * machine, and the process's peak resident memory (heap, off-heap and native libraries together).
 */
public final class Yardstick {

	private Yardstick() {}

	/** Best of four 1024³ FLOAT GEMMs into an 'f'-order output, in GFLOP/s. */
	public static double sgemmGflops() {
		int n = 1024;
		INDArray a = Nd4j.rand(DataType.FLOAT, 'f', n, n), b = Nd4j.rand(DataType.FLOAT, 'f', n, n);
		INDArray c = Nd4j.create(DataType.FLOAT, new long[] { n, n }, 'f');
		double best = Double.MAX_VALUE;
		for (int r = 0; r < 4; r++) {
			long t = System.nanoTime();
			Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
			best = Math.min(best, (System.nanoTime() - t) / 1e9);
		}
		return 2.0 * n * n * n / best / 1e9;
	}

	/** "2026-11-28, 2 CPUs (AMD EPYC …), load 1.23 0.98 0.80, OMP_NUM_THREADS=1" */
	public static String machine() {
		return LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs (" + cpuModel() + "), load "
			+ read("/proc/loadavg", 3) + ", OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS") + ", OPENBLAS_CORETYPE="
			+ Objects.requireNonNullElse(System.getenv("OPENBLAS_CORETYPE"), "unset (OpenBLAS picks)");
	}

	/** Peak resident set size of this process in MB (VmHWM), or NaN where /proc is missing. */
	public static double peakRssMb() {
		try {
			for (String l : Files.readAllLines(Path.of("/proc/self/status")))
				if (l.startsWith("VmHWM:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
		} catch (IOException | NumberFormatException e) {
			// fall through
		}
		return Double.NaN;
	}

	private static String cpuModel() {
		try {
			for (String l : Files.readAllLines(Path.of("/proc/cpuinfo")))
				if (l.startsWith("model name")) return l.substring(l.indexOf(':') + 1).trim();
		} catch (IOException e) {
			// fall through
		}
		return "unknown CPU";
	}

	private static String read(String file, int words) {
		try {
			String[] w = Files.readString(Path.of(file)).trim().split("\\s+");
			return String.join(" ", java.util.Arrays.copyOf(w, Math.min(words, w.length)));
		} catch (IOException e) {
			return "?";
		}
	}
}
