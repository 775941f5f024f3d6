package org.ride.core.progress;

/**
 * Where long-running engine work reports how far it is. Front ends adapt it to the ImageJ status bar,
 * SciJava's {@code StatusService}, a log, or nothing ({@link #NONE}). Implementations must be cheap:
 * the engine calls it once per batch, row or sweep.
 */
@FunctionalInterface
public interface Progress {

	Progress NONE = (stage, step, total, message) -> {};

	/**
	 * @param stage   short name of the current phase, e.g. "stage 3/8 (patch 12)" or "sampling"
	 * @param step    steps done in this phase, 0..total
	 * @param total   steps in this phase (≥ 1)
	 * @param message human-readable detail, e.g. "loss 1.234 bits/px, ETA 2m10s"; may be empty
	 */
	void report(String stage, long step, long total, String message);
}
