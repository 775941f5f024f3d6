package org.ride.core.nd;

import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The one guard every entry point calls before touching ND4J.
 * <p>
 * ND4J discovers its backend through the class loader captured when {@code ND4JClassLoading} is first
 * initialised: the thread context loader. Inside ImageJ 1.x the plugin is loaded by
 * {@code ij.io.PluginClassLoader} while the context loader stays the application loader, and backend
 * discovery then fails with {@code NoAvailableBackendException} (fiji-notes.md §5.3). Pointing ND4J at
 * the loader that loaded ND4J itself fixes it in Fiji, plain ImageJ, Maven tests and the CLI alike.
 * <p>
 * It also sets ND4J's and OpenBLAS's own thread pools to one thread. NB: why. The engine splits its work over
 * its own threads ({@link Chunks}), each calling single-threaded GEMMs; library threads on top of them
 * oversubscribe the cores. Fiji and {@code ./ride-macro} start without {@code OMP_NUM_THREADS}, so OpenBLAS took
 * one thread per core: on 2 cores the 512² map ran at 336,000–391,000 px/s instead of 857,000–927,000, a training
 * step at 101,000–117,000 instead of 243,000–262,000 (BENCHMARKS.md, 2026-12-06). The setting is process-wide, so
 * other ND4J users in the same Fiji get single-threaded library calls too.
 */
public final class NdInit {

	private static volatile boolean ready;

	private NdInit() {}

	/** Idempotent and thread-safe; the first call costs about two seconds (native library load). */
	public static void ensure() {
		if (ready) return;
		synchronized (NdInit.class) {
			if (ready) return;
			ND4JClassLoading.setNd4jClassloaderFromClass(Nd4j.class);
			Nd4j.getBackend(); // fail here, with ND4J's own message, rather than deep inside the maths
			NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1); // ND4J's own ops
			Nd4j.factory().blas().setMaxThreads(1); // OpenBLAS
			ready = true;
		}
	}
}
