package org.ride.ij;

import ij.IJ;
import org.ride.core.progress.Progress;

/**
 * {@link Progress} shown on ImageJ's status bar ({@code IJ.showStatus}) and progress bar
 * ({@code IJ.showProgress}), optionally also as {@code IJ.log} lines (which are the only visible output in
 * headless runs, where the status and progress bars print nothing; fiji-notes.md §2.3).
 * <p>
 * Log lines are rate-limited: one when a stage starts, one when it ends ({@code step == total}), and at most
 * one per {@code logIntervalMs} in between, so a per-batch caller never floods the Log window. Every report
 * also polls {@link IjCancel}, if one is attached, so Esc is noticed at the engine's own pace.
 */
public final class IjProgress implements Progress {

	private final String command;
	private final boolean log;
	private final long logIntervalMs;
	private final IjCancel cancel;
	private String lastStage;
	private long lastLog;

	/**
	 * @param command       prefix of every status/log line, e.g. "RIDE Train"
	 * @param log           also write {@code IJ.log} lines
	 * @param logIntervalMs minimum time between two log lines of the same stage
	 * @param cancel        polled on every report; may be null
	 */
	public IjProgress(String command, boolean log, long logIntervalMs, IjCancel cancel) {
		this.command = command;
		this.log = log;
		this.logIntervalMs = logIntervalMs;
		this.cancel = cancel;
	}

	@Override
	public void report(String stage, long step, long total, String message) {
		if (cancel != null) cancel.poll();
		String text = format(stage, step, total, message);
		IJ.showStatus(text);
		IJ.showProgress(total <= 0 ? 1.0 : Math.min(1.0, (double) step / total));
		if (!log) return;
		long now = System.currentTimeMillis();
		boolean newStage = !stage.equals(lastStage);
		if (newStage || step >= total || now - lastLog >= logIntervalMs) {
			IJ.log(text);
			lastStage = stage;
			lastLog = now;
		}
	}

	/** Clears the progress bar; call when the command ends, also on failure. */
	public void done() {
		IJ.showProgress(1.0);
		IJ.showStatus("");
	}

	/** The status/log line, e.g. {@code "RIDE Train: epoch 2/5 [40/100] loss 1.23"}. */
	String format(String stage, long step, long total, String message) {
		StringBuilder sb = new StringBuilder(command).append(": ").append(stage);
		sb.append(" [").append(step).append('/').append(total).append(']');
		if (message != null && !message.isEmpty()) sb.append(' ').append(message);
		return sb.toString();
	}
}
