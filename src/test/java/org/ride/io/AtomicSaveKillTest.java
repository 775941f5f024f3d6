package org.ride.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A save killed with SIGKILL leaves the old or the new model, never a broken one, and its temporary file is removed
 * by the next save; temporary files of a living writer, and files that merely look similar, are never touched.
 * ({@code scripts/bench-kill.sh} runs the same trials many more times.)
 */
class AtomicSaveKillTest {

	@TempDir
	Path dir;

	@Test
	void saveKilledAtRandomMomentsLeavesTheOldOrTheNewModel() throws Exception {
		Path[] m = KillDuringSave.models(dir);
		KillDuringSave k = new KillDuringSave(dir, m[0], m[1]);
		Random r = new Random(20261203);
		for (int i = 0; i < 4; i++) {
			KillDuringSave.Trial t = k.run(i, r, 400);
			assertTrue(t.ok(), "trial " + i + ": " + t);
		}
	}

	private static Path touch(Path p) throws Exception {
		Files.write(p, new byte[] { 1, 2, 3 });
		return p;
	}

	@Test
	void nextSaveRemovesOnlyStaleTemporaryFilesOfItsOwnTarget() throws Exception {
		Path target = dir.resolve("m.zip");
		Path stale1 = touch(dir.resolve(".m.zip123456789.part")), stale2 = touch(dir.resolve(".m.zip18446744073709551615.part"));
		List<Path> keep = List.of(touch(dir.resolve(".m.zip.part")), touch(dir.resolve(".m.zipx12.part")),
			touch(dir.resolve(".other.zip123.part")), touch(dir.resolve("m.zip123.part")),
			touch(dir.resolve(".m.zip123.part.bak")), touch(dir.resolve(".m.zip123.partial")));
		AtomicFiles.write(target, out -> out.write(42));
		assertFalse(Files.exists(stale1));
		assertFalse(Files.exists(stale2));
		for (Path p : keep) assertTrue(Files.exists(p), p + " is not ours and must stay");
		assertEquals(List.of((byte) 42), List.of(Files.readAllBytes(target)[0]));
	}

	@Test
	void temporaryFileLockedByALivingWriterIsKeptUntilThatWriterDies() throws Exception {
		Path target = dir.resolve("m.zip"), busy = dir.resolve(".m.zip42.part");
		Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
			System.getProperty("java.class.path"), LockHolder.class.getName(), busy.toString()).redirectErrorStream(true)
			.start();
		try {
			BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
			assertEquals("locked", in.readLine());
			AtomicFiles.write(target, out -> out.write(1));
			assertTrue(Files.exists(busy), "a living writer's temporary file was removed");
		} finally {
			p.destroyForcibly();
			assertTrue(p.waitFor(30, TimeUnit.SECONDS));
		}
		AtomicFiles.write(target, out -> out.write(2));
		assertFalse(Files.exists(busy), "the dead writer's temporary file is left behind");
	}
}
