package org.ride.core.nd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * ND4J's and OpenBLAS's thread pools are set to one thread by {@link NdInit}, whatever the environment: a JVM
 * started as Fiji starts it (no {@code OMP_NUM_THREADS}) used one library thread per core on top of the engine's
 * own threads, which made maps 1.7–2.6× slower (BENCHMARKS.md, 2026-12-06).
 */
class NdInitThreadsTest {

	@Test
	void libraryThreadsAreOneWithoutOmpNumThreads(@TempDir Path dir) throws Exception {
		Path out = dir.resolve("threads.txt");
		List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
			System.getProperty("java.class.path"), Probe.class.getName());
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
		pb.environment().remove("OMP_NUM_THREADS"); // as Fiji and ./ride-macro start
		Process p = pb.start();
		if (!p.waitFor(120, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new AssertionError("the probe JVM did not finish in 120 s:\n" + Files.readString(out));
		}
		String text = Files.readString(out);
		assertEquals(0, p.exitValue(), text);
		String line = text.lines().filter(l -> l.startsWith("threads ")).findFirst().orElseThrow(() -> new AssertionError(text));
		assertEquals("threads blas=1 omp=1", line, "library threads after NdInit.ensure() on "
			+ Runtime.getRuntime().availableProcessors() + " cores");
	}

	/** Runs in the fresh JVM: reports the library thread counts after {@link NdInit#ensure()}. */
	public static final class Probe {
		public static void main(String[] args) {
			NdInit.ensure();
			System.out.println("threads blas=" + Nd4j.factory().blas().getMaxThreads() + " omp="
				+ NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads());
		}
	}
}
