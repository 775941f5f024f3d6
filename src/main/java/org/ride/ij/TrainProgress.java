package org.ride.ij;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ride.core.progress.Progress;

/**
 * Training progress for people: forwards every report to the status bar ({@code IjProgress} without log),
 * passes each minibatch loss to a plot, and writes ONE log line per curriculum stage when the stage is over
 * (its minibatches, its MCGSM refit and validation): {@code "stage 2/4 (patch 12): train 3.2101 bits/px,
 * validation 3.3012 bits/px (best so far), 14.2 s; ETA 31 s"}, with the stage's mean training loss and
 * held-out NLL from the trainer's summary (or, for a stage cut short, the loss of its last minibatches:
 * {@code "loss 3.2101 bits/px"}) and an ETA that extrapolates the mean time per stage so far to the
 * remaining stages. Stages are recognised by the trainer's stage names ({@code "stage k/n …"}) and loss
 * values by its messages ({@code "loss <x> bits/px …"}); call {@link #finish()} after training for the last
 * stage's line.
 */
final class TrainProgress implements Progress {

	private static final Pattern LOSS = Pattern.compile("loss (-?[0-9.]+(?:[eE][-+]?[0-9]+)?) bits/px");
	private static final Pattern SUMMARY = Pattern.compile("^(train -?[0-9.]+ bits/px) \\(stage mean\\)(.*)$");
	private static final Pattern STAGE = Pattern.compile("^(stage (\\d+)/(\\d+)(?: \\(patch \\d+\\))?)");

	private final Progress status;
	private final Consumer<String> log;
	private final DoubleConsumer plot;
	private final long t0 = System.nanoTime();
	private long stageStart = System.nanoTime();
	private String stageName;
	private int stage, stages;
	private long lastStep = -1;
	private double lastLoss = Double.NaN;
	private String summary;

	TrainProgress(Progress status, Consumer<String> log, DoubleConsumer plot) {
		this.status = status;
		this.log = log;
		this.plot = plot;
	}

	@Override
	public void report(String name, long step, long total, String message) {
		status.report(name, step, total, message);
		Matcher s = STAGE.matcher(name);
		if (s.find() && Integer.parseInt(s.group(2)) != stage) {
			finish();
			stageName = s.group(1).trim();
			stage = Integer.parseInt(s.group(2));
			stages = Integer.parseInt(s.group(3));
			stageStart = System.nanoTime();
			lastStep = -1;
			lastLoss = Double.NaN;
			summary = null;
		}
		Matcher sum = SUMMARY.matcher(message == null ? "" : message);
		if (sum.find()) {
			summary = sum.group(1) + sum.group(2);
			return;
		}
		Matcher m = LOSS.matcher(message == null ? "" : message);
		if (m.find() && step != lastStep) {
			lastLoss = Double.parseDouble(m.group(1));
			lastStep = step;
			plot.accept(lastLoss);
		}
	}

	/** Logs the line of the stage in progress, if any (idempotent). */
	void finish() {
		if (stageName == null) return;
		double sec = (System.nanoTime() - stageStart) / 1e9, all = (System.nanoTime() - t0) / 1e9;
		String eta = stage < stages ? String.format(Locale.ROOT, "; ETA %.0f s", all / stage * (stages - stage)) : "";
		String loss = summary != null ? summary : String.format(Locale.ROOT, "loss %.4f bits/px", lastLoss);
		log.accept(String.format(Locale.ROOT, "%s: %s, %.1f s%s", stageName, loss, sec, eta));
		stageName = null;
	}
}
