package org.ride.core.nd;

import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one guard every entry point calls before touching ND4J.
 * <p>
 * ND4J discovers its backend through the class loader captured when {@code ND4JClassLoading} is first
 * initialised: the thread context loader. Inside ImageJ 1.x the plugin is loaded by
 * {@code ij.io.PluginClassLoader} while the context loader stays the application loader, and backend
 * discovery then fails with {@code NoAvailableBackendException} (fiji-notes.md §5.3). Pointing ND4J at
 * the loader that loaded ND4J itself fixes it in Fiji, plain ImageJ, Maven tests and the CLI alike.
 * <p>
 * It also switches off JavaCPP's resident-memory check ({@code org.bytedeco.javacpp.maxPhysicalBytes = 0})
 * unless the user set it: with the check on, every native allocation, including the two scalars ND4J allocates
 * for alpha and beta in each GEMM call, measures the process's resident memory, which took 11 % of the
 * inpainting sampler's time and 1.5–5 % of maps and texture sampling (JFR, scripts/profile-ride-speed.sh).
 * Off-heap memory stays bounded by JavaCPP's own byte count ({@code maxBytes}, the heap size by default).
 */
public final class NdInit {

	private static volatile boolean ready;

	private NdInit() {}

	/** Idempotent and thread-safe; the first call costs about two seconds (native library load). */
	public static void ensure() {
		if (ready) return;
		synchronized (NdInit.class) {
			if (ready) return;
			// NB: read when JavaCPP's Pointer class initialises, i.e. before the first ND4J call
			if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null)
				System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
			ND4JClassLoading.setNd4jClassloaderFromClass(Nd4j.class);
			Nd4j.getBackend(); // fail here, with ND4J's own message, rather than deep inside the maths
			ready = true;
		}
	}
}
