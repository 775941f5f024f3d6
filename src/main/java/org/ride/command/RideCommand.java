package org.ride.command;

import java.util.concurrent.CancellationException;

import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.scijava.Cancelable;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

/**
 * Base of RIDE's SciJava commands (scripting, pyimagej, {@code CommandService.run}): a real {@link Cancelable}
 * backed by the engine's {@link CancelToken}, progress on the {@link StatusService} and log lines on the
 * {@link LogService}. Subclasses are thin: they delegate to the same {@code org.ride.ij} code as the ImageJ 1.x
 * plugins. NB: they have no {@code menuPath}, so in Fiji they never shadow the IJ1 menu commands of the same
 * name (fiji-notes.md §2.8); call them by class, e.g.
 * {@code command.run(LogLikelihoodMapCommand.class, false, "image", imp, "model_file", file).get()}.
 * Failures: user errors ({@link IllegalArgumentException}) propagate with their message; cancelling ends the
 * command quietly with {@link #isCanceled()} true.
 */
public abstract class RideCommand implements Command, Cancelable {

	@Parameter(required = false)
	protected StatusService status;

	@Parameter(required = false)
	protected LogService log;

	private final CancelToken token = new CancelToken();

	/** The work; may throw. */
	protected abstract void execute() throws Exception;

	@Override
	public final void run() {
		try {
			execute();
		} catch (CancellationException e) {
			if (!token.isCancelled()) token.cancel(e.getMessage() == null ? "cancelled" : e.getMessage());
		} catch (RuntimeException e) {
			throw e;
		} catch (Exception e) {
			throw new IllegalStateException(e.getMessage(), e);
		} finally {
			if (status != null) status.clearStatus();
		}
	}

	/** The token the engine polls. */
	protected CancelToken token() {
		return token;
	}

	/** Engine progress → status bar (step/total and the message). */
	protected Progress progress(String command) {
		return (stage, step, total, message) -> {
			if (status != null) status.showStatus((int) Math.min(step, Integer.MAX_VALUE),
					(int) Math.min(total, Integer.MAX_VALUE), command + ": " + stage + " " + message);
		};
	}

	/** An info line (LogService, or nothing outside a context). */
	protected void info(String line) {
		if (log != null) log.info(line);
	}

	@Override
	public boolean isCanceled() {
		return token.isCancelled();
	}

	@Override
	public void cancel(String reason) {
		token.cancel(reason == null ? "cancelled" : reason);
	}

	@Override
	public String getCancelReason() {
		return token.isCancelled() ? token.reason() : null;
	}
}
