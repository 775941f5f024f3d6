package org.ride.ij;

import java.awt.GraphicsEnvironment;

import ij.gui.Plot;
import ij.macro.Interpreter;

/**
 * A live plot of the training loss (bits/px per minibatch), shown only when a display exists and no batch
 * macro runs; otherwise every call is a no-op. Redrawn at most every {@value #REDRAW_MS} ms.
 */
final class LossPlot {

	static final long REDRAW_MS = 1000;

	private final Plot plot;
	private int n;
	private double[] xs = new double[256], ys = new double[256];
	private long lastDraw;
	private boolean shown;

	private LossPlot(String title) {
		plot = title == null ? null : new Plot(title, "minibatch", "loss (bits/px)");
	}

	/** A plot if it can be shown here, else a no-op. */
	static LossPlot create(String title) {
		boolean visible = !GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode();
		return new LossPlot(visible ? title : null);
	}

	/** Adds one minibatch loss. */
	void add(double loss) {
		if (plot == null || !Double.isFinite(loss)) return;
		if (n == xs.length) {
			xs = java.util.Arrays.copyOf(xs, 2 * n);
			ys = java.util.Arrays.copyOf(ys, 2 * n);
		}
		xs[n] = n + 1;
		ys[n++] = loss;
		long now = System.currentTimeMillis();
		if (now - lastDraw >= REDRAW_MS) draw(now);
	}

	/** Final redraw. */
	void finish() {
		if (plot != null && n > 0) draw(System.currentTimeMillis());
	}

	private void draw(long now) {
		lastDraw = now;
		double[] x = java.util.Arrays.copyOf(xs, n), y = java.util.Arrays.copyOf(ys, n);
		if (shown) plot.replace(0, "line", x, y);
		else plot.add("line", x, y);
		plot.setLimitsToFit(false);
		if (!shown) {
			plot.show();
			shown = true;
		} else plot.updateImage();
	}
}
