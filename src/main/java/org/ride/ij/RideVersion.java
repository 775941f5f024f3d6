package org.ride.ij;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The RIDE version of the running jar: manifest, else Maven's pom.properties, else "dev". */
public final class RideVersion {

	private RideVersion() {}

	public static String get() {
		String v = RideVersion.class.getPackage().getImplementationVersion();
		if (v != null) return v;
		try (InputStream in = RideVersion.class.getResourceAsStream("/META-INF/maven/org.ride/RIDE_/pom.properties")) {
			if (in != null) {
				Properties p = new Properties();
				p.load(in);
				v = p.getProperty("version");
			}
		} catch (IOException e) {
			// a broken jar resource only costs us the version string
		}
		return v != null ? v : "dev";
	}
}
