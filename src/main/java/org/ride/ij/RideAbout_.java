package org.ride.ij;

import ij.IJ;
import ij.plugin.PlugIn;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.nd.NdInit;

/**
 * {@code Plugins › RIDE › About RIDE}: logs the RIDE, ImageJ and Java versions and the ND4J backend after
 * {@link NdInit#ensure()}, plus a 2×2 product computed by ND4J. It proves that ND4J and its natives load
 * under {@code ij.io.PluginClassLoader} (plugin jar in {@code plugins/}, ND4J in {@code jars/}); the class
 * loaders are logged so a user can see which loaded what. No options: {@code run("About RIDE");}.
 */
public class RideAbout_ implements PlugIn {

	public static final String COMMAND = "About RIDE";

	@Override
	public void run(String arg) {
		CommandGuard.run(COMMAND, () -> {
			IJ.log("RIDE " + RideVersion.get() + " (Recurrent Image Density Estimator, Theis & Bethge 2015)");
			IJ.log("ImageJ " + IJ.getFullVersion() + ", Java " + System.getProperty("java.version") + " ("
					+ System.getProperty("java.vendor") + "), " + System.getProperty("os.name") + " "
					+ System.getProperty("os.arch"));
			long t0 = System.nanoTime();
			NdInit.ensure();
			INDArray a = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}});
			double trace = a.mmul(a).getDouble(0, 0) + a.mmul(a).getDouble(1, 1); // [[7,10],[15,22]] -> 29
			IJ.log("ND4J backend: " + Nd4j.getBackend().getClass().getSimpleName() + ", default dtype "
					+ Nd4j.dataType() + ", start-up " + (System.nanoTime() - t0) / 1_000_000 + " ms, check trace(A*A) = "
					+ trace + " (expected 29.0)");
			IJ.log("RIDE loaded by " + loaderName(RideAbout_.class) + "; ND4J loaded by " + loaderName(Nd4j.class));
		});
	}

	private static String loaderName(Class<?> c) {
		ClassLoader l = c.getClassLoader();
		return l == null ? "bootstrap" : l.getClass().getName();
	}
}
