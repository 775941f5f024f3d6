package org.ride.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Kill tests of the atomic save: a child JVM ({@link SaveLoop}) saves two models over one target in turn and is
 * killed with SIGKILL ({@link Process#destroyForcibly()} on Unix) a random time after it is ready. Afterwards the
 * target must be byte for byte one of the two models and load with its self-test passing, and the next save (here)
 * must remove every temporary file the killed child left.
 */
public final class KillDuringSave {

	/**
	 * One trial.
	 *
	 * @param delayMs     how long after "ready" the child was killed
	 * @param targetIs    "a" or "b": which model the target holds afterwards (null: neither, a failure)
	 * @param loads       the target loads and passes its self-test
	 * @param leftBehind  temporary files the killed child left
	 * @param afterSave   temporary files left after the next save
	 */
	public record Trial(int delayMs, String targetIs, boolean loads, int leftBehind, int afterSave, String problem) {
		public boolean ok() {
			return targetIs != null && loads && afterSave == 0;
		}
	}

	private final Path dir, a, b;
	private final byte[] aBytes, bBytes;

	/** @param a, b two different, valid model files (written by this RIDE, so a save reproduces their bytes) */
	public KillDuringSave(Path dir, Path a, Path b) throws IOException {
		this.dir = dir;
		this.a = a;
		this.b = b;
		this.aBytes = Files.readAllBytes(a);
		this.bBytes = Files.readAllBytes(b);
	}

	/** Two real model files of the same config: the second is the first with its whitening refitted on other data. */
	public static Path[] models(Path dir) throws IOException {
		Path[] out = new Path[2];
		for (int k = 0; k < 2; k++) {
			out[k] = dir.resolve("model-" + (char) ('a' + k) + ".zip");
			org.ride.ij.TestFixtures.writeTinyModel(out[k], 4 + k);
		}
		return out;
	}

	public Trial run(int index, Random r, int maxDelayMs) throws Exception {
		Path target = dir.resolve("target " + index + ".zip");
		Files.copy(a, target);
		List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
			"-Xmx512m", "-cp", System.getProperty("java.class.path"), SaveLoop.class.getName(), target.toString(),
			a.toString(), b.toString()));
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
		pb.environment().put("OMP_NUM_THREADS", "1");
		Process p = pb.start();
		BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
		StringBuilder log = new StringBuilder();
		for (String line; (line = in.readLine()) != null && !line.equals("ready");) log.append(line).append('\n');
		if (!p.isAlive()) return new Trial(0, null, false, 0, 0, "the child died before it was ready:\n" + log);
		int delay = r.nextInt(maxDelayMs + 1);
		Thread.sleep(delay);
		p.destroyForcibly();
		if (!p.waitFor(30, TimeUnit.SECONDS)) return new Trial(delay, null, false, 0, 0, "the child outlived SIGKILL");
		byte[] got = Files.readAllBytes(target);
		String is = Arrays.equals(got, aBytes) ? "a" : Arrays.equals(got, bBytes) ? "b" : null;
		boolean loads;
		String problem = is == null ? "the target is neither model (" + got.length + " bytes)" : "";
		try {
			loads = RideModelFile.read(target).trained();
		} catch (IOException e) {
			loads = false;
			problem += "; it does not load: " + e.getMessage();
		}
		int left = temps(target).size();
		RideModelFile.write(target, RideModelFile.read(b));
		List<Path> after = temps(target);
		if (!after.isEmpty()) problem += "; temporary files left after the next save: " + after;
		Files.deleteIfExists(target);
		return new Trial(delay, is, loads, left, after.size(), problem);
	}

	/** Files in the target's folder that start with "." + its name (the temp-file pattern and anything like it). */
	static List<Path> temps(Path target) throws IOException {
		String prefix = "." + target.getFileName();
		try (Stream<Path> s = Files.list(target.toAbsolutePath().getParent())) {
			return s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
		}
	}
}
