package org.ride.cli;

import ij.Executer;
import ij.IJ;
import ij.Macro;
import ij.Menus;
import ij.macro.Interpreter;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Runs an ImageJ macro ({@code .ijm}) headless through the real ImageJ 1.x macro interpreter, so that
 * {@code run("RIDE …", "key=value …")} lines work exactly as in Fiji, and exits non-zero when the macro fails.
 * <pre>
 * java -Djava.awt.headless=true -Dplugins.dir=IJDIR -cp IJDIR/ij.jar:BOOT org.ride.cli.MacroRunner macro.ijm [argument]
 * java ... org.ride.cli.MacroRunner [-ijpath IJDIR] -eval 'print(getArgument());' [argument]
 * </pre>
 * {@code IJDIR} is an ImageJ folder: {@code plugins/RIDE_-x.jar} (any jar whose name has an {@code _} and
 * holds a {@code plugins.config}) and {@code jars/} with the dependencies; plugins are loaded by
 * {@code ij.io.PluginClassLoader} as in ImageJ. {@code BOOT} holds only this class (never the plugin jar: it
 * would be loaded by the application class loader instead). Default {@code IJDIR}: the folder of ij.jar.
 * <p>
 * Plain ImageJ 1.54p cannot run menu commands headless: {@code IJ.run} would build AWT menus. The verified
 * workaround (fiji-notes.md §2.6) fills ImageJ's private command table {@code Menus.pluginsTable} with the
 * built-in commands of {@code IJ_Props.txt} and the entries of every plugin jar's {@code plugins.config},
 * turns batch mode on (so {@code show()} registers images) and runs {@code new Interpreter().run(text, arg)}.
 * Commands that open a {@code GenericDialog} (many built-ins) still fail headless; RIDE commands read their
 * options without one. NB: relies on the ij 1.54p internals {@code Menus.pluginsTable} and
 * {@code Interpreter.getErrorLine()}.
 * <p>
 * Exit codes: 0 success (also after {@code exit()}), 1 the macro failed (its message on stderr), 2 usage.
 * Always ends with {@code System.exit}: ImageJ leaves non-daemon threads behind.
 */
public final class MacroRunner {

	static final String USAGE = "usage: MacroRunner [-ijpath IJDIR] (macro.ijm | -eval CODE) [argument]";

	private MacroRunner() {}

	public static void main(String[] args) {
		System.setProperty("java.awt.headless", "true");
		int code;
		try {
			code = run(args);
		} catch (Throwable t) {
			System.err.println("ride-macro: internal error: " + t);
			code = 1;
		}
		System.out.flush();
		System.exit(code);
	}

	/** Runs the macro described by {@code args}; returns the exit code. */
	static int run(String[] args) throws IOException {
		int i = 0;
		if (args.length >= 2 && args[0].equals("-ijpath")) {
			System.setProperty("plugins.dir", new File(args[1]).getAbsolutePath());
			i = 2;
		}
		if (i >= args.length) return usage("no macro given");
		String name, text;
		if (args[i].equals("-eval")) {
			if (i + 1 >= args.length) return usage("-eval needs the macro code");
			name = "-eval";
			text = args[i + 1];
			i += 2;
		} else {
			File f = new File(args[i++]);
			if (!f.isFile()) return usage("macro file not found: " + f.getAbsolutePath());
			name = f.getPath();
			text = Files.readString(f.toPath(), StandardCharsets.UTF_8);
		}
		String arg = i < args.length ? args[i++] : "";
		if (i < args.length) return usage("too many arguments: " + Arrays.toString(Arrays.copyOfRange(args, i, args.length))
				+ "; pass several values as one argument, e.g. \"a,b\", and split(getArgument(), \",\") in the macro");
		if (System.getProperty("plugins.dir") == null) System.setProperty("plugins.dir", ijJarFolder());
		File ijDir = new File(System.getProperty("plugins.dir"));
		installCommands(new File(ijDir, "plugins"));
		addPlatformJars(new File(ijDir, "jars"));
		return execute(name, text, arg);
	}

	private static int usage(String problem) {
		System.err.println("ride-macro: " + problem);
		System.err.println(USAGE);
		return 2;
	}

	/** The folder of ij.jar, ImageJ's default ImageJ folder; the working directory when unknown. */
	private static String ijJarFolder() {
		try {
			File f = new File(IJ.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			return (f.isFile() ? f.getParentFile() : f).getAbsolutePath();
		} catch (Exception e) {
			return new File("").getAbsolutePath();
		}
	}

	/** Fills {@code Menus.pluginsTable}: built-in commands, then every plugin jar's commands. */
	static Hashtable<String, String> installCommands(File pluginsDir) throws IOException {
		Hashtable<String, String> table = new Hashtable<>();
		try (InputStream in = IJ.class.getResourceAsStream("/IJ_Props.txt")) {
			if (in != null) CommandTable.addBuiltIns(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1), table);
		}
		for (File jar : CommandTable.pluginJars(pluginsDir)) {
			try (ZipFile z = new ZipFile(jar)) {
				ZipEntry e = z.stream().filter(x -> x.getName().endsWith("plugins.config")).findFirst().orElse(null);
				if (e == null) continue;
				try (InputStream in = z.getInputStream(e)) {
					String config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
					for (String dup : CommandTable.addPluginConfig(config, table))
						System.err.println("ride-macro: duplicate command \"" + dup + "\" in " + jar.getName() + " ignored");
				}
			}
		}
		try {
			Field f = Menus.class.getDeclaredField("pluginsTable");
			f.setAccessible(true);
			f.set(null, table);
		} catch (ReflectiveOperationException | RuntimeException e) {
			throw new IllegalStateException("this ImageJ (" + IJ.getFullVersion() + ") has no Menus.pluginsTable; "
					+ "MacroRunner needs ij 1.54p", e);
		}
		return table;
	}

	/**
	 * Adds the jars in the subfolders of {@code jars/} ({@code jars/linux64/} etc., where
	 * {@code mvn install -Dscijava.app.directory=Fiji.app} puts native classifier jars) to ImageJ's plugin
	 * class loader, which itself only adds {@code jars/*.jar}; Fiji's own launcher adds them. Without this
	 * a Fiji.app layout fails with {@code UnsatisfiedLinkError: jniopenblas_nolapack}. NB: calls the private
	 * {@code PluginClassLoader.addJar(File)} of ij 1.54p; a failure only leaves the layout unsupported.
	 */
	static void addPlatformJars(File jarsDir) {
		File[] subs = jarsDir.listFiles(File::isDirectory);
		if (subs == null || subs.length == 0) return;
		try {
			ClassLoader cl = IJ.getClassLoader();
			Method add = cl.getClass().getDeclaredMethod("addJar", File.class);
			add.setAccessible(true);
			Arrays.sort(subs);
			for (File sub : subs) {
				File[] jars = sub.listFiles((d, n) -> n.endsWith(".jar"));
				if (jars == null) continue;
				Arrays.sort(jars);
				for (File j : jars) add.invoke(cl, j);
			}
		} catch (ReflectiveOperationException | RuntimeException e) {
			System.err.println("ride-macro: could not add " + jarsDir + "/*/ jars: " + e);
		}
	}

	/** Runs the macro with failure detection; returns the exit code. */
	static int execute(String name, String text, String arg) {
		Interpreter interp = new Interpreter();
		String[] command = {""};
		Executer.addCommandListener(cmd -> {
			command[0] = cmd;
			return cmd;
		});
		TraceFilter out = new TraceFilter(System.out, interp, command), err = new TraceFilter(System.err, interp, command);
		System.setOut(out);
		System.setErr(err);
		Interpreter.batchMode = true;
		Throwable thrown = null;
		try {
			interp.run(text, arg);
		} catch (Throwable t) {
			thrown = t;
		} finally {
			System.setOut(out.original());
			System.setErr(err.original());
		}
		String failure = failure(interp, text, out.failure() != null ? out.failure() : err.failure(), thrown);
		if (failure == null) return 0;
		System.err.println("ride-macro: " + name + " failed: " + failure);
		return 1;
	}

	/** The failure message, or null when the macro succeeded (including a deliberate {@code exit()}). */
	private static String failure(Interpreter interp, String text, String traced, Throwable thrown) {
		if (interp.wasError()) {
			String line = errorLine(interp, text);
			return interp.getErrorMessage() + (line == null ? "" : "\n  " + line);
		}
		if (traced != null) return traced;
		if (thrown == null || Macro.MACRO_CANCELED.equals(thrown.getMessage())) return null;
		return "unexpected " + thrown;
	}

	/**
	 * "line N: source text" of the macro error, or null. NB: the interpreter's own error dialog text is lost
	 * headless; its {@code getErrorLine()} has already run (it stores the line in the field
	 * {@code lineNumber} and moves {@code pc}), so we read {@code lineNumber}: an ij 1.54p internal.
	 */
	static String errorLine(Interpreter interp, String text) {
		try {
			int n = (Integer) field(Interpreter.class, "lineNumber").get(interp);
			String[] src = text.split("\\R", -1);
			return n >= 1 && n <= src.length ? "line " + n + ": " + src[n - 1].trim() : null;
		} catch (ReflectiveOperationException | RuntimeException e) {
			return null;
		}
	}

	private static Field field(Class<?> c, String name) throws NoSuchFieldException {
		Field f = c.getDeclaredField(name);
		f.setAccessible(true);
		return f;
	}

	/**
	 * Watches what ImageJ prints: {@code Executer} logs the stack trace of any exception a command throws
	 * ({@code IJ.log}, i.e. stdout when headless) and lets the macro continue. A trace after the interpreter
	 * has recorded an error is only the headless error dialog failing, and is dropped; any other trace is a
	 * command failure: it is summarised, remembered and the macro is stopped ("Macro canceled").
	 */
	static final class TraceFilter extends PrintStream {
		private final PrintStream original;
		private final Interpreter interp;
		private final String[] command;
		private volatile String failure;

		TraceFilter(PrintStream original, Interpreter interp, String[] command) {
			super(original, true);
			this.original = original;
			this.interp = interp;
			this.command = command;
		}

		PrintStream original() {
			return original;
		}

		String failure() {
			return failure;
		}

		@Override
		public void println(String s) {
			if (s == null || !s.contains("\n\tat ") && !s.contains("\r\n\tat ")) {
				super.println(s);
				return;
			}
			if (interp.wasError()) return;
			String first = s.lines().findFirst().orElse("").trim();
			failure = "command \"" + command[0] + "\" failed: " + first
					+ (first.startsWith("java.awt.HeadlessException") ? " (it opens a dialog, which plain ImageJ 1.x "
							+ "cannot do headless; use Fiji --headless or another command)" : "");
			if (Boolean.getBoolean("ride.debug")) super.println(s);
			throw new RuntimeException(Macro.MACRO_CANCELED);
		}

		@Override
		public void println(Object o) {
			println(String.valueOf(o));
		}
	}
}
