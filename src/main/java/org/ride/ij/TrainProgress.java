package org.ride.ij;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ride.core.progress.Progress;

/**
 * Training progress for people: forwards every report to the status bar ({@code IjProgress} without log),
 * passes each batch loss to a plot, and writes ONE log line per curriculum stage when its batches are done:
 * {@code "stage 2/4 (patch 12): loss 3.2101 bits/px, 14.2 s; ETA 31 s"}, the ETA extrapolating the time per
 * stage so far to the remaining stages. Loss values are read from the trainer's messages
 * ({@code "loss <x> bits/px …"}).
 */
final class TrainProgress implements Progress {

	private static final Pattern LOSS = Pattern.compile("loss (-?[0-9.]+(?:[eE][-+]?[0-9]+)?) bits/px");
	private static final Pattern STAGE = Pattern.compile("^stage (\\d+)/(\\d+)");

	private final Progress status;
	private final Consumer<String> log;
	private final DoubleConsumer plot;
	private final long t0 = System.nanoTime();
	private long stageStart = System.nanoTime();
	private String lastStage = "";
	private long lastStep = -1;
	private double lastLoss = Double.NaN;

	TrainProgress(Progress status, Consumer<String> log, DoubleConsumer plot) {
		this.status = status;
		this.log = log;
		this.plot = plot;
	}

	@Override
	public void report(String stage, long step, long total, String message) {
		status.report(stage, step, total, message);
		if (!stage.equals(lastStage)) {
			lastStage = stage;
			lastStep = -1;
			stageStart = System.nanoTime();
		}
		Matcher m = LOSS.matcher(message == null ? "" : message);
		if (m.find() && step != lastStep) {
			lastLoss = Double.parseDouble(m.group(1));
			lastStep = step;
			plot.accept(lastLoss);
			if (step >= total) stageDone(stage);
		}
	}

	private void stageDone(String stage) {
		double sec = (System.nanoTime() - stageStart) / 1e9, all = (System.nanoTime() - t0) / 1e9;
		Matcher s = STAGE.matcher(stage);
		String eta = "";
		if (s.find()) {
			int k = Integer.parseInt(s.group(1)), n = Integer.parseInt(s.group(2));
			eta = String.format(Locale.ROOT, "; ETA %.0f s", all / k * (n - k));
		}
		log.accept(String.format(Locale.ROOT, "%s: loss %.4f bits/px, %.1f s%s", stage, lastLoss, sec, eta));
	}
}
