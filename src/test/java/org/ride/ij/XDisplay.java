package org.ride.ij;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An X display for GUI tests: {@code $DISPLAY} when set, else a private Xvfb (Debian package {@code xvfb},
 * which {@code .ci/run} installs) started on a free display number and stopped by {@link #close()}; none
 * when neither exists, and the tests skip. So {@code mvn -B -ntp verify} runs the GUI tests wherever Xvfb is
 * installed, without {@code xvfb-run} around Maven.
 */
final class XDisplay implements AutoCloseable {

	private final String name;
	private final Process xvfb;

	private XDisplay(String name, Process xvfb) {
		this.name = name;
		this.xvfb = xvfb;
	}

	/** The display to use, or null when there is none and Xvfb is not installed. */
	static XDisplay find() throws Exception {
		String env = System.getenv("DISPLAY");
		if (env != null && !env.isBlank()) return new XDisplay(env, null);
		Path bin = which("Xvfb");
		if (bin == null) return null;
		for (int n = 90; n < 190; n++) {
			if (Files.exists(Path.of("/tmp/.X" + n + "-lock")) || Files.exists(Path.of("/tmp/.X11-unix/X" + n))) continue;
			Process p = new ProcessBuilder(bin.toString(), ":" + n, "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
					.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
			Path socket = Path.of("/tmp/.X11-unix/X" + n);
			for (int i = 0; i < 200 && p.isAlive() && !Files.exists(socket); i++) Thread.sleep(25);
			if (p.isAlive() && Files.exists(socket)) return new XDisplay(":" + n, p);
			p.destroyForcibly(); // lost a race for this number: try the next
		}
		return null;
	}

	private static Path which(String program) {
		String path = System.getenv("PATH");
		if (path == null) return null;
		for (String d : path.split(File.pathSeparator)) {
			Path p = Path.of(d, program);
			if (Files.isExecutable(p)) return p;
		}
		return null;
	}

	/** The value for {@code DISPLAY}. */
	String name() {
		return name;
	}

	@Override
	public void close() throws InterruptedException {
		if (xvfb == null) return;
		xvfb.destroy();
		if (!xvfb.waitFor(5, TimeUnit.SECONDS)) xvfb.destroyForcibly();
	}
}
