package org.ride.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ride.core.data.DeadLeaves;

/** The CLI writes the requested indices as gray8 PNGs that read back to the generator's pixels. */
class DeadLeavesMainTest {

	@TempDir
	Path tmp;

	@Test
	void writesTestAndTrainImagesWithIndexedNamesAndAReadme() throws Exception {
		File out = tmp.resolve("set").toFile();
		ByteArrayOutputStream so = new ByteArrayOutputStream(), se = new ByteArrayOutputStream();
		int rc = DeadLeavesMain.run(new String[] { "--out", out.getPath(), "--train", "2", "--test", "3", "--size", "24" },
			new PrintStream(so), new PrintStream(se));
		assertEquals(0, rc, se.toString());
		assertEquals(3, new File(out, "test").list().length);
		assertEquals(2, new File(out, "train").list().length);
		DeadLeaves gen = new DeadLeaves(24, false);
		for (int i : new int[] { 0, 1, 2, 100, 101 }) {
			File f = new File(out, (i < 100 ? "test/" : "train/") + String.format("dl-%04d.png", i));
			DeadLeavesPng.Gray8 png = DeadLeavesPng.read(f);
			assertEquals(24, png.width());
			assertArrayEquals(gen.generate(i).pixels(), png.pixels(), f.getPath());
		}
		String readme = Files.readString(new File(out, "README.txt").toPath(), StandardCharsets.UTF_8);
		assertTrue(readme.contains("0x5EED0000 + i") && readme.contains("SplitMix64"), readme);
		String tsv = Files.readString(new File(out, "leaves.tsv").toPath(), StandardCharsets.UTF_8);
		assertEquals(6, tsv.split("\n").length); // header + 5 images
		assertTrue(tsv.contains("100\ttrain\t0x5EED0064\t"), tsv);
	}

	@Test
	void antialiasedFlagWritesTheAaVariant() throws Exception {
		File out = tmp.resolve("aa").toFile();
		String[] args = { "--out", out.getPath(), "--train", "0", "--test", "1", "--size", "16", "--aa" };
		int rc = DeadLeavesMain.run(args,
			new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
		assertEquals(0, rc);
		assertArrayEquals(new DeadLeaves(16, true).generate(0).pixels(),
			DeadLeavesPng.read(new File(out, "test/dl-0000.png")).pixels());
	}

	@Test
	void badArgumentsExitWithStatus2AndUsage() {
		String[][] bad = { {}, { "--out" }, { "--out", "x", "--test", "101" }, { "--out", "x", "--size", "abc" },
			{ "--out", "x", "--bogus" }, { "--out", "x", "--train", "-1" } };
		for (String[] args : bad) {
			ByteArrayOutputStream se = new ByteArrayOutputStream();
			int rc = DeadLeavesMain.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(se));
			assertEquals(2, rc, String.join(" ", args));
			assertTrue(se.toString().contains("usage:"), se.toString());
		}
		assertFalse(new File("x").exists());
	}

	@Test
	void helpPrintsUsageAndSucceeds() {
		ByteArrayOutputStream so = new ByteArrayOutputStream();
		assertEquals(0, DeadLeavesMain.run(new String[] { "--help" }, new PrintStream(so),
			new PrintStream(new ByteArrayOutputStream())));
		assertTrue(so.toString().contains("--out DIR"));
	}
}
