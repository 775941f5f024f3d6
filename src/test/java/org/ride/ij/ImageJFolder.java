package org.ride.ij;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A real ImageJ folder for end-to-end tests (the {@code MacroRunnerEndToEndTest} layout): {@code ij.jar},
 * {@code plugins/RIDE_-test.jar} zipped from {@code target/classes} with its {@code plugins.config},
 * {@code jars/} linking the runtime jars of the test class path and {@code boot/} holding only the launcher
 * {@code org.ride.cli}; macros run in a fresh headless JVM through {@code org.ride.cli.MacroRunner}, so the
 * plugin and ND4J are loaded by {@code ij.io.PluginClassLoader} as in ImageJ.
 */
public final class ImageJFolder {

	static final long RUN_TIMEOUT_S = 180;

	/** Exit code, stdout and stderr of one macro run. */
	public record Result(int code, String out, String err) {
		public String all() {
			return out + err;
		}
	}

	private final Path dir;

	private ImageJFolder(Path dir) {
		this.dir = dir;
	}

	/** Lays out the folder in {@code dir}. */
	public static ImageJFolder create(Path dir) throws Exception {
		Path classes = Path.of(ImageJFolder.class.getProtectionDomain().getCodeSource().getLocation().toURI())
				.getParent().resolve("classes");
		assertTrue(Files.isRegularFile(classes.resolve("plugins.config")), "plugins.config not in " + classes);
		Files.createDirectories(dir.resolve("plugins"));
		zip(classes, dir.resolve("plugins/RIDE_-test.jar"));
		Path boot = Files.createDirectories(dir.resolve("boot/org/ride/cli"));
		try (Stream<Path> s = Files.list(classes.resolve("org/ride/cli"))) {
			for (Path p : (Iterable<Path>) s::iterator) Files.copy(p, boot.resolve(p.getFileName()));
		}
		Path testClasses = Path.of(ImageJFolder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		try (Stream<Path> s = Files.list(testClasses.resolve("org/ride/cli"))) { // the test launcher MacroBatch
			for (Path p : (Iterable<Path>) s.filter(p -> p.getFileName().toString().startsWith("MacroBatch"))::iterator)
				Files.copy(p, boot.resolve(p.getFileName()));
		}
		Path jars = Files.createDirectories(dir.resolve("jars"));
		for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
			Path p = Path.of(e);
			String n = p.getFileName().toString();
			if (!n.endsWith(".jar") || !Files.isRegularFile(p) || isTestOnly(n)) continue;
			link(p, n.startsWith("ij-") ? dir.resolve("ij.jar") : jars.resolve(n));
		}
		assertTrue(Files.exists(dir.resolve("ij.jar")), "ij jar not on the test class path");
		Path tests = classes.getParent().resolve("test-classes/org/ride/guitest");
		if (Files.isDirectory(tests)) {
			Path gui = Files.createDirectories(dir.resolve("guiboot/org/ride/guitest"));
			try (Stream<Path> s = Files.list(tests)) {
				for (Path p : (Iterable<Path>) s::iterator) Files.copy(p, gui.resolve(p.getFileName()));
			}
		}
		return new ImageJFolder(dir);
	}

	Path dir() {
		return dir;
	}

	private static boolean isTestOnly(String jarName) {
		return Stream.of("junit", "opentest4j", "apiguardian", "surefire", "RIDE_").anyMatch(jarName::startsWith);
	}

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

	/** One case of {@link #runBatch}: exit code, what changed in the images open before the command, stdout, stderr. */
	public record CaseResult(int code, String changed, String out, String err) {}

	/**
	 * Runs many macros in ONE new headless JVM ({@code org.ride.cli.MacroBatch}: the same interpreter path as
	 * {@code ride-macro}, whose exit code each case's code is). Each macro calls
	 * {@code call("org.ride.cli.MacroBatch.snapshot");} right before its command under test.
	 */
	public Map<String, CaseResult> runBatch(String name, Map<String, String> macros) throws Exception {
		StringBuilder sb = new StringBuilder();
		macros.forEach((id, m) -> sb.append("@@case ").append(id).append('\n').append(m).append('\n'));
		Path in = dir.resolve(name + ".cases"), res = dir.resolve(name + ".results"), log = dir.resolve(name + ".log");
		Files.writeString(in, sb.toString(), StandardCharsets.UTF_8);
		List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Djava.awt.headless=true", "-Dplugins.dir=" + dir, "-Xmx1g",
				"-cp", dir.resolve("ij.jar") + File.pathSeparator + dir.resolve("boot"), "org.ride.cli.MacroBatch",
				in.toString(), res.toString());
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
		pb.environment().putIfAbsent("OMP_NUM_THREADS", "1");
		Process p = pb.start();
		if (!p.waitFor(RUN_TIMEOUT_S * 3, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			fail(name + " did not finish in " + RUN_TIMEOUT_S * 3 + " s (hang?):\n" + Files.readString(log));
		}
		assertTrue(p.exitValue() == 0 && Files.exists(res), "the batch JVM failed:\n" + Files.readString(log));
		Map<String, CaseResult> out = new LinkedHashMap<>();
		for (String block : Files.readString(res, StandardCharsets.UTF_8).split("(?m)^@@case ")) {
			if (block.isEmpty()) continue;
			String id = block.substring(0, block.indexOf('\n'));
			int code = Integer.parseInt(between(block, "@@code ", "\n"));
			String changed = between(block, "@@changed ", "\n");
			String stdout = between(block, "@@out\n", "\n@@err\n");
			String stderr = block.substring(block.indexOf("\n@@err\n") + 8);
			out.put(id, new CaseResult(code, changed, stdout, stderr));
		}
		return out;
	}

	private static String between(String s, String a, String b) {
		int i = s.indexOf(a) + a.length();
		return s.substring(i, s.indexOf(b, i));
	}

	/**
	 * Runs {@code org.ride.guitest.GuiDriver} with {@code args} in a new JVM on the X {@code display} (ImageJ's
	 * main window, menus and dialogs; the plugin from {@code plugins/}).
	 */
	public Result runGui(String display, String name, String... args) throws Exception {
		List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Dplugins.dir=" + dir, "-Xmx1g", "-cp", dir.resolve("ij.jar") + File.pathSeparator + dir.resolve("guiboot"),
				"org.ride.guitest.GuiDriver"));
		cmd.addAll(List.of(args));
		return launch(name, cmd, display);
	}

	/** Runs {@code macro} with {@code arg} (may be null) in a new headless JVM. */
	public Result run(String name, String macro, String arg) throws Exception {
		Path m = dir.resolve(name + ".ijm");
		Files.writeString(m, macro, StandardCharsets.UTF_8);
		List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Djava.awt.headless=true", "-Dplugins.dir=" + dir, "-Xmx1g",
				"-cp", dir.resolve("ij.jar") + File.pathSeparator + dir.resolve("boot"),
				"org.ride.cli.MacroRunner", m.toString()));
		if (arg != null) cmd.add(arg);
		return launch(name, cmd, null);
	}

	private Result launch(String name, List<String> cmd, String display) throws Exception {
		Path out = dir.resolve(name + ".out"), err = dir.resolve(name + ".err");
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
		if (display != null) pb.environment().put("DISPLAY", display);
		pb.environment().putIfAbsent("OMP_NUM_THREADS", "1");
		Process p = pb.start();
		if (!p.waitFor(RUN_TIMEOUT_S, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			fail(name + " did not finish in " + RUN_TIMEOUT_S + " s (hang?)");
		}
		return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
	}
}
