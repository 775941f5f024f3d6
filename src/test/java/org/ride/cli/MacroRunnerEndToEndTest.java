package org.ride.cli;

import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * End to end: a real ImageJ folder in a temp dir ({@code ij.jar}, {@code plugins/RIDE_-test.jar} zipped from
 * {@code target/classes} with its {@code plugins.config}, {@code jars/} linking the runtime jars of the test
 * class path, {@code boot/} with only the launcher), then macros run in a FRESH headless JVM through
 * {@link MacroRunner}, so the plugin and ND4J are loaded by {@code ij.io.PluginClassLoader} exactly as in
 * ImageJ. Asserts images, numbers, log lines and exit codes. Works under plain {@code mvn verify} (runs
 * before {@code package}, so it builds the plugin jar itself).
 */
class MacroRunnerEndToEndTest {

	private static final long RUN_TIMEOUT_S = 120;
	private static final double PIXEL_TOL = 1e-5; // output is float32

	@TempDir
	static Path dir;

	private record Result(int code, String out, String err) {}

	@BeforeAll
	static void layOutImageJFolder() throws Exception {
		Path classes = Path.of(MacroRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		assertTrue(Files.isRegularFile(classes.resolve("plugins.config")), "plugins.config not in " + classes);
		Files.createDirectories(dir.resolve("plugins"));
		zip(classes, dir.resolve("plugins/RIDE_-test.jar"));
		Path boot = Files.createDirectories(dir.resolve("boot/org/ride/cli"));
		try (Stream<Path> s = Files.list(classes.resolve("org/ride/cli"))) {
			for (Path p : (Iterable<Path>) s::iterator) Files.copy(p, boot.resolve(p.getFileName()));
		}
		Path jars = Files.createDirectories(dir.resolve("jars"));
		for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
			Path p = Path.of(e);
			String n = p.getFileName().toString();
			if (!n.endsWith(".jar") || !Files.isRegularFile(p) || isTestOnly(n)) continue;
			link(p, n.startsWith("ij-") ? dir.resolve("ij.jar") : jars.resolve(n));
		}
		assertTrue(Files.exists(dir.resolve("ij.jar")), "ij jar not on the test class path");
	}

	private static boolean isTestOnly(String jarName) {
		return Stream.of("junit", "opentest4j", "apiguardian", "surefire", "RIDE_").anyMatch(jarName::startsWith);
	}

	/** A symbolic link (131 MB of ND4J jars are not worth copying), or a copy where links are not allowed. */
	private static void link(Path target, Path link) throws IOException {
		try {
			Files.createSymbolicLink(link, target);
		} catch (IOException | UnsupportedOperationException e) {
			Files.copy(target, link);
		}
	}

	private static void zip(Path root, Path jar) throws IOException {
		try (OutputStream os = Files.newOutputStream(jar); JarOutputStream z = new JarOutputStream(os);
				Stream<Path> files = Files.walk(root)) {
			for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
				z.putNextEntry(new JarEntry(root.relativize(p).toString().replace(File.separatorChar, '/')));
				Files.copy(p, z);
				z.closeEntry();
			}
		}
	}

	/** Runs {@code macro} (a file) with {@code arg} in a new headless JVM. */
	private static Result run(String name, String macro, String arg) throws Exception {
		Path m = dir.resolve(name + ".ijm");
		Files.writeString(m, macro, StandardCharsets.UTF_8);
		Path out = dir.resolve(name + ".out"), err = dir.resolve(name + ".err");
		List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Djava.awt.headless=true", "-Dplugins.dir=" + dir, "-Xmx1g",
				"-cp", dir.resolve("ij.jar") + File.pathSeparator + dir.resolve("boot"),
				MacroRunner.class.getName(), m.toString()));
		if (arg != null) cmd.add(arg);
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
		pb.environment().putIfAbsent("OMP_NUM_THREADS", "2");
		Process p = pb.start();
		if (!p.waitFor(RUN_TIMEOUT_S, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			fail(name + " did not finish in " + RUN_TIMEOUT_S + " s (hang?)");
		}
		return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
	}

	@Test
	void runsRideCommandsLoadedByPluginClassLoader() throws Exception {
		Path outDir = Files.createDirectories(dir.resolve("outputs dir"));
		Result r = run("ok", """
				run("About RIDE");
				newImage("src", "32-bit black", 6, 4, 1);
				for (y = 0; y < 4; y++) for (x = 0; x < 6; x++) setPixel(x, y, x + 10 * y);
				run("RIDE Image Info", "image=src method=zscore scale=2 offset=1 title=[src info] verbose");
				selectImage("src info");
				saveAs("Tiff", getArgument() + "/info.tif");
				print("results mean=" + getResult("mean", 0) + " n=" + nResults);
				""", outDir.toString());
		assertEquals(0, r.code, r.out + r.err);
		assertTrue(r.out.contains("ND4J backend: CpuBackend"), r.out);
		assertTrue(r.out.contains("trace(A*A) = 29.0"), r.out);
		assertTrue(r.out.contains("RIDE loaded by ij.io.PluginClassLoader"), r.out);
		assertTrue(r.out.contains("results mean=17.5 n=1"), r.out);

		// expected output computed here independently: v = x + 10y, population std, 2 * z + 1
		double sum = 0, sq = 0;
		for (int y = 0; y < 4; y++) for (int x = 0; x < 6; x++) sum += x + 10 * y;
		double mean = sum / 24;
		for (int y = 0; y < 4; y++) for (int x = 0; x < 6; x++) sq += Math.pow(x + 10 * y - mean, 2);
		double std = Math.sqrt(sq / 24);
		ImagePlus info = IJ.openImage(outDir.resolve("info.tif").toString());
		assertEquals(32, info.getBitDepth());
		for (int y = 0; y < 4; y++) for (int x = 0; x < 6; x++)
			assertEquals(2 * (x + 10 * y - mean) / std + 1, info.getProcessor().getf(x, y), PIXEL_TOL, x + "," + y);
	}

	@Test
	void badOptionFailsTheMacroWithOneClearMessage() throws Exception {
		Result r = run("bad", """
				newImage("src", "32-bit ramp", 6, 4, 1);
				run("RIDE Image Info", "image=src scale=abc");
				print("not reached");
				""", null);
		assertEquals(1, r.code, r.out + r.err);
		assertTrue(r.err.contains("option scale=abc is not a number"), r.err);
		assertTrue(r.err.contains("line 2: run(\"RIDE Image Info\""), r.err);
		assertFalse(r.out.contains("not reached"), r.out);
		assertFalse((r.out + r.err).contains("\tat "), "stack trace printed:\n" + r.out + r.err);
	}

	@Test
	void macroErrorsAndArgumentsAreReported() throws Exception {
		Result syntax = run("syntax", "print(\"arg=\" + getArgument());\nx = 1 +;\n", "a b,c");
		assertEquals(1, syntax.code, syntax.out + syntax.err);
		assertTrue(syntax.out.contains("arg=a b,c"), syntax.out);
		assertTrue(syntax.err.contains("line 2: x = 1 +;"), syntax.err);
		Result unknown = run("unknown", "run(\"No Such Command\");\n", null);
		assertEquals(1, unknown.code);
		assertTrue(unknown.err.contains("Unrecognized command: \"No Such Command\""), unknown.err);
		assertFalse((unknown.out + unknown.err).contains("\tat "), unknown.out + unknown.err);
		Result exit = run("exit", "exit(\"stopped on purpose\");\nprint(\"not reached\");\n", null);
		assertEquals(0, exit.code, exit.out + exit.err);
		assertFalse(exit.out.contains("not reached"), exit.out);
	}
}
