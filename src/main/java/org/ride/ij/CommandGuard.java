package org.ride.ij;

import ij.IJ;
import ij.Macro;
import ij.macro.Interpreter;

import java.awt.GraphicsEnvironment;
import java.awt.HeadlessException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CancellationException;

/**
 * Runs the body of a RIDE command and turns any failure into ONE clear message, never a bare stack trace,
 * and makes a failing command fail the macro that called it.
 * <ul>
 * <li>Menu command with a display: an {@code IJ.error} dialog.</li>
 * <li>Inside a macro: the macro is aborted with the message as its macro error (ImageJ shows the
 * "Macro Error" dialog with the line; {@code org.ride.cli.MacroRunner} prints it and exits non-zero).</li>
 * <li>Headless: the message is also written with {@code IJ.log} (stdout), because headless ImageJ loses
 * dialog text (fiji-notes.md §2.3).</li>
 * </ul>
 * {@link IllegalArgumentException}, {@link IllegalStateException} and {@link CancellationException} carry
 * messages meant for users and are shown as they are; anything else is reported as unexpected, with its
 * stack trace logged only in ImageJ's debug mode.
 */
public final class CommandGuard {

	/** A command body; may throw anything. */
	@FunctionalInterface
	public interface Body {
		void run() throws Exception;
	}

	private static volatile String lastError;

	private CommandGuard() {}

	/** Runs {@code body}; returns true on success, false after reporting a failure. */
	public static boolean run(String command, Body body) {
		lastError = null;
		try {
			body.run();
			return true;
		} catch (Throwable t) {
			if (isMacroCanceled(t)) throw (RuntimeException) t; // ImageJ's own quiet abort: pass it on
			report(command, t);
			return false;
		}
	}

	/** The message of the last failure in this JVM (null after a success): for Java callers and tests. */
	public static String lastError() {
		return lastError;
	}

	/** Reports a failure as described in the class comment. */
	public static void report(String command, Throwable t) {
		String msg = message(command, t);
		lastError = msg;
		if (IJ.debugMode && !isUserFacing(t)) IJ.log(stackTrace(t));
		boolean headless = GraphicsEnvironment.isHeadless();
		if (headless) IJ.log("ERROR: " + msg);
		Interpreter interp = Interpreter.getInstance();
		if (interp != null) abortMacro(interp, msg, headless);
		else if (!headless) IJ.error(command, msg);
		else Macro.abort(); // stops an IJ.run(...) chain started from Java code
	}

	/**
	 * Makes the running macro fail with {@code msg} as its error. NB: {@code Interpreter.abort(String)} shows
	 * the macro error dialog and then throws "Macro canceled"; headless the dialog itself throws
	 * {@code HeadlessException} after the interpreter has recorded the error, so we swallow that and throw
	 * the quiet "Macro canceled" ourselves, which ImageJ's {@code Executer} passes over without a trace.
	 */
	private static void abortMacro(Interpreter interp, String msg, boolean headless) {
		try {
			interp.abort(msg);
		} catch (HeadlessException e) {
			// the error is recorded in the interpreter (wasError, getErrorMessage) and logged above
		}
		throw new RuntimeException(Macro.MACRO_CANCELED);
	}

	private static boolean isMacroCanceled(Throwable t) {
		return t instanceof RuntimeException && Macro.MACRO_CANCELED.equals(t.getMessage());
	}

	private static boolean isUserFacing(Throwable t) {
		return t instanceof IllegalArgumentException || t instanceof IllegalStateException
				|| t instanceof CancellationException;
	}

	/** The one-paragraph message for {@code t}, always naming the command. */
	static String message(String command, Throwable t) {
		String m = t.getMessage() == null ? "" : t.getMessage();
		if (t instanceof CancellationException) return command + " was cancelled" + (m.isEmpty() ? "" : " (" + m + ")");
		if (isUserFacing(t)) return m.startsWith(command) ? m : command + ": " + m;
		if (t instanceof OutOfMemoryError) return command + " ran out of Java heap memory (limit "
				+ Runtime.getRuntime().maxMemory() / (1 << 20) + " MB); use a smaller image or model, or raise the "
				+ "limit in Edit > Options > Memory & Threads (java -Xmx)";
		if (t instanceof java.io.IOException) return command + " could not read or write a file (" + describe(t)
				+ "); check the path, the free disk space and the permissions, then run it again";
		if (t instanceof LinkageError || t instanceof ExceptionInInitializerError) return command
				+ " could not load a library (" + describe(rootCause(t)) + "); check that the ND4J jars are in "
				+ "ImageJ's jars/ folder (see README)";
		return command + " failed unexpectedly: " + describe(t) + where(t)
				+ "; please report this (turn on Edit > Options > Misc > Debug mode for the stack trace)";
	}

	private static Throwable rootCause(Throwable t) {
		while (t.getCause() != null && t.getCause() != t) t = t.getCause();
		return t;
	}

	private static String describe(Throwable t) {
		return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
	}

	private static String where(Throwable t) {
		StackTraceElement[] st = t.getStackTrace();
		return st.length == 0 ? "" : " at " + st[0].getClassName() + "." + st[0].getMethodName() + ":" + st[0].getLineNumber();
	}

	private static String stackTrace(Throwable t) {
		StringWriter w = new StringWriter();
		t.printStackTrace(new PrintWriter(w));
		return w.toString();
	}
}
