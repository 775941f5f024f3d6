package org.ride.ij;

import ij.IJ;
import org.ride.core.progress.CancelToken;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Turns ImageJ's Esc key ({@code IJ.escapePressed()}) into a {@link CancelToken} the engine polls.
 * <p>
 * Esc is checked on every {@link IjProgress} report and by a daemon timer every {@code 100 ms}, so a long
 * step without reports is still cancelled by its next {@code throwIfCancelled()}. {@link #close()} stops the
 * timer and clears the Esc flag (ImageJ leaves it set until reset). Use try-with-resources:
 * <pre>try (IjCancel c = IjCancel.start()) { engine.run(..., c.token()); }</pre>
 */
public final class IjCancel implements AutoCloseable {

	private final CancelToken token = new CancelToken();
	private final ScheduledExecutorService timer;

	private IjCancel(long periodMs) {
		IJ.resetEscape();
		timer = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "RIDE Esc poll");
			t.setDaemon(true);
			return t;
		});
		timer.scheduleAtFixedRate(this::poll, periodMs, periodMs, TimeUnit.MILLISECONDS);
	}

	/** Starts polling Esc every 100 ms. */
	public static IjCancel start() {
		return new IjCancel(100);
	}

	/** The token to hand to the engine. */
	public CancelToken token() {
		return token;
	}

	/** Cancels the token if Esc was pressed. */
	public void poll() {
		if (IJ.escapePressed() && !token.isCancelled()) token.cancel("cancelled with Esc");
	}

	@Override
	public void close() {
		timer.shutdownNow();
		IJ.resetEscape();
	}
}
