package org.ride.cli;

import org.ride.ij.ImageJFolder;

import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: a real ImageJ folder in a temp dir ({@code ij.jar}, {@code plugins/RIDE_-test.jar} zipped from
 * {@code target/classes} with its {@code plugins.config}, {@code jars/} linking the runtime jars of the test
 * class path, {@code boot/} with only the launcher), then macros run in a FRESH headless JVM through
 * {@link MacroRunner}, so the plugin and ND4J are loaded by {@code ij.io.PluginClassLoader} exactly as in
 * ImageJ. Asserts images, numbers, log lines and exit codes. Works under plain {@code mvn verify} (runs
 * before {@code package}, so it builds the plugin jar itself).
 */
class MacroRunnerEndToEndTest {

	private static final double PIXEL_TOL = 1e-5; // output is float32

	@TempDir
	static Path dir;

	private static ImageJFolder ij;

	@BeforeAll
	static void layOutImageJFolder() throws Exception {
		ij = ImageJFolder.create(dir);
	}

	/** Runs {@code macro} with {@code arg} in a new headless JVM. */
	private static ImageJFolder.Result run(String name, String macro, String arg) throws Exception {
		return ij.run(name, macro, arg);
	}

	@Test
	void runsRideCommandsLoadedByPluginClassLoader() throws Exception {
		Path outDir = Files.createDirectories(dir.resolve("outputs dir"));
		ImageJFolder.Result r = run("ok", """
				run("About RIDE");
				newImage("src", "32-bit black", 6, 4, 1);
				for (y = 0; y < 4; y++) for (x = 0; x < 6; x++) setPixel(x, y, x + 10 * y);
				run("RIDE Image Info", "image=src method=zscore scale=2 offset=1 title=[src info] verbose");
				selectImage("src info");
				saveAs("Tiff", getArgument() + "/info.tif");
				print("results mean=" + getResult("mean", 0) + " n=" + nResults);
				""", outDir.toString());
		assertEquals(0, r.code(), r.out() + r.err());
		assertTrue(r.out().contains("ND4J backend: CpuBackend"), r.out());
		assertTrue(r.out().contains("trace(A*A) = 29.0"), r.out());
		assertTrue(r.out().contains("RIDE loaded by ij.io.PluginClassLoader"), r.out());
		assertTrue(r.out().contains("results mean=17.5 n=1"), r.out());

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
		ImageJFolder.Result r = run("bad", """
				newImage("src", "32-bit ramp", 6, 4, 1);
				run("RIDE Image Info", "image=src scale=abc");
				print("not reached");
				""", null);
		assertEquals(1, r.code(), r.out() + r.err());
		assertTrue(r.err().contains("option scale=abc is not a number"), r.err());
		assertTrue(r.err().contains("line 2: run(\"RIDE Image Info\""), r.err());
		assertFalse(r.out().contains("not reached"), r.out());
		assertFalse((r.out() + r.err()).contains("\tat "), "stack trace printed:\n" + r.out() + r.err());
	}

	@Test
	void macroErrorsAndArgumentsAreReported() throws Exception {
		ImageJFolder.Result syntax = run("syntax", "print(\"arg=\" + getArgument());\nx = 1 +;\n", "a b,c");
		assertEquals(1, syntax.code(), syntax.out() + syntax.err());
		assertTrue(syntax.out().contains("arg=a b,c"), syntax.out());
		assertTrue(syntax.err().contains("line 2: x = 1 +;"), syntax.err());
		ImageJFolder.Result unknown = run("unknown", "run(\"No Such Command\");\n", null);
		assertEquals(1, unknown.code());
		assertTrue(unknown.err().contains("Unrecognized command: \"No Such Command\""), unknown.err());
		assertFalse((unknown.out() + unknown.err()).contains("\tat "), unknown.out() + unknown.err());
		ImageJFolder.Result exit = run("exit", "exit(\"stopped on purpose\");\nprint(\"not reached\");\n", null);
		assertEquals(0, exit.code(), exit.out() + exit.err());
		assertFalse(exit.out().contains("not reached"), exit.out());
	}
}
