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
			ready = true;
		}
	}
}
