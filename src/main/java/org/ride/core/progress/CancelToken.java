package org.ride.core.progress;

import java.util.concurrent.CancellationException;

/**
 * A cooperative cancel flag shared by every task of one job. {@link #cancel} only sets the flag; the
 * engine polls {@link #throwIfCancelled()} once per batch, row or sweep and leaves its model in the
 * last consistent state.
 */
public final class CancelToken {

	/** A token that is never cancelled. */
	public static final CancelToken NONE = new CancelToken();

	private volatile String reason;

	public void cancel(String why) {
		if (this == NONE) throw new IllegalStateException("CancelToken.NONE cannot be cancelled");
		reason = why == null || why.isEmpty() ? "cancelled" : why;
	}

	public boolean isCancelled() {
		return reason != null;
	}

	/** The reason given to {@link #cancel}, or null while not cancelled. */
	public String reason() {
		return reason;
	}

	public void throwIfCancelled() {
		String r = reason;
		if (r != null) throw new CancellationException(r);
	}
}
