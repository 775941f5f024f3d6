package org.ride.core.optim;

import java.util.Arrays;
import java.util.Locale;

import org.ride.core.optim.LbfgsResult.StopReason;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

/**
 * Limited-memory BFGS on plain {@code double[]} parameters, a port of what cmt's {@code Trainable::train}
 * does with liblbfgs (spec §6.7, pitfall 16).
 * <p>
 * Each iteration k: search direction d = −H g from the two-loop recursion over the last m pairs
 * (s = x_k − x_{k−1}, y = g_k − g_{k−1}) with H₀ = (sᵀy / yᵀy)·I (d = −g and a first step of 1/‖g‖ at
 * k = 1); backtracking line search from step 1 that halves the step until f(x + a d) ≤ f(x) + ftol·a·gᵀd
 * and multiplies it by 2.1 while ∇f(x + a d)ᵀd &lt; wolfe·gᵀd (regular Wolfe). Then, in cmt's order:
 * <ol>
 * <li>every valIter iterations the validation loss; a new best stores x, and valLookAhead checks in a row
 * without improvement stop ({@link StopReason#EARLY_STOP});</li>
 * <li>f_{k−1} − f_k &lt; threshold stops ({@link StopReason#THRESHOLD});</li>
 * <li>‖g‖ / max(1, ‖x‖) ≤ epsilon stops ({@link StopReason#GRADIENT});</li>
 * <li>k = maxIter stops ({@link StopReason#MAX_ITER}).</li>
 * </ol>
 * With validation, the result is the best-validation x unless the final x has a lower validation loss.
 * <p>
 * Robustness: a non-finite f or gradient at a trial point shortens the step like a failed Armijo test
 * (liblbfgs would accept a NaN); a non-finite f or gradient at the start is an
 * {@link IllegalArgumentException}. Memory: 2·m·n doubles for the correction pairs plus 5·n.
 * <p>
 * NB: unlike other core calls, cancel does not throw {@code CancellationException}: the token is polled
 * at every iteration boundary and the run ends with {@link StopReason#CANCELLED}, returning the last
 * iterate or, with validation, the better of it and the best-validation iterate, as at a normal end.
 * Progress is reported after every iteration as stage "L-BFGS", step k of maxIter, message
 * "iteration k/maxIter: objective f[, validation v (best b)]".
 * <p>
 * An {@code Lbfgs} holds only its options: it may be reused, also from several threads at once.
 */
public final class Lbfgs {

	private static final double DEC = 0.5, INC = 2.1; // liblbfgs backtracking factors

	private final LbfgsOptions opt;

	public Lbfgs(LbfgsOptions options) {
		if (options == null)
			throw new IllegalArgumentException("L-BFGS options are missing; pass LbfgsOptions.defaults()");
		this.opt = options;
	}

	public LbfgsOptions options() {
		return opt;
	}

	/** Minimises f from x0 without validation, progress or cancel. */
	public LbfgsResult minimize(DifferentiableFunction f, double[] x0) {
		return minimize(f, x0, null, Progress.NONE, CancelToken.NONE);
	}

	/**
	 * @param f          the objective; called with arrays the optimiser owns
	 * @param x0         start, length n ≥ 1; not modified
	 * @param validation held-out loss for early stopping, or null for none
	 * @param progress   reported once per iteration; never null ({@link Progress#NONE})
	 * @param cancel     polled once per iteration; never null ({@link CancelToken#NONE})
	 * @throws IllegalArgumentException if x0 is empty or f or its gradient is not finite at x0
	 */
	public LbfgsResult minimize(DifferentiableFunction f, double[] x0, Validation validation, Progress progress,
		CancelToken cancel)
	{
		if (f == null || progress == null || cancel == null)
			throw new IllegalArgumentException(
				"f, progress and cancel must not be null; use Progress.NONE / CancelToken.NONE");
		if (x0 == null || x0.length == 0)
			throw new IllegalArgumentException("L-BFGS needs at least one parameter but x0 is "
				+ (x0 == null ? "null" : "empty"));
		return new Run(f, x0, validation, progress, cancel).run();
	}

	/** The state of one minimisation. */
	private final class Run {
		final DifferentiableFunction f;
		final Validation validation;
		final Progress progress;
		final CancelToken cancel;
		final int n, m = opt.memory();
		final double[] x, g, xp, gp, d;              // [n] current/previous point and gradient, direction
		final double[][] s = new double[m][], y = new double[m][]; // [m][n] ring of correction pairs
		final double[] ys = new double[m], alpha = new double[m];
		int end;                                     // next ring slot to write
		double fx, step;
		final History objHist = new History(), valHist = new History();
		// best-validation iterate; starts at x0 as in cmt, whose loss is computed lazily if never checked
		final double[] bestX;
		double bestF, bestVal = Double.POSITIVE_INFINITY;
		boolean checked;
		int badChecks, lastCheck = -1; // iteration of the last validation check

		Run(DifferentiableFunction f, double[] x0, Validation validation, Progress progress, CancelToken cancel) {
			this.f = f;
			this.validation = validation;
			this.progress = progress;
			this.cancel = cancel;
			n = x0.length;
			x = x0.clone();
			g = new double[n];
			xp = new double[n];
			gp = new double[n];
			d = new double[n];
			bestX = validation == null ? null : x0.clone();
		}

		LbfgsResult run() {
			fx = f.valueAndGradient(x, g);
			if (!Double.isFinite(fx) || !Double.isFinite(dot(g, g)))
				throw new IllegalArgumentException("L-BFGS objective is not finite at the starting point (f = " + fx
					+ ", ‖g‖² = " + dot(g, g) + "); check the initial parameters and the data for NaN/Inf or overflow");
			objHist.add(fx);
			bestF = fx;
			if (gradientSmall()) return finish(StopReason.GRADIENT, 0);
			for (int i = 0; i < n; i++)
				d[i] = -g[i];
			step = 1 / Math.sqrt(dot(d, d));
			double prevF = Double.MAX_VALUE; // cmt's InstanceLBFGS::fx
			for (int k = 1;; k++) {
				if (k > opt.maxIter()) return finish(StopReason.MAX_ITER, k - 1);
				if (cancel.isCancelled()) return finish(StopReason.CANCELLED, k - 1);
				System.arraycopy(x, 0, xp, 0, n);
				System.arraycopy(g, 0, gp, 0, n);
				double finit = fx;
				if (!lineSearch()) {
					System.arraycopy(xp, 0, x, 0, n);
					System.arraycopy(gp, 0, g, 0, n);
					fx = finit;
					return finish(StopReason.LINE_SEARCH_FAILED, k - 1);
				}
				objHist.add(fx);
				boolean stopEarly = validation != null && k % opt.valIter() == 0 && validate();
				report(k);
				if (stopEarly) return finish(StopReason.EARLY_STOP, k);
				if (prevF - fx < opt.threshold()) return finish(StopReason.THRESHOLD, k);
				prevF = fx;
				if (gradientSmall()) return finish(StopReason.GRADIENT, k);
				direction(k);
				step = 1;
			}
		}

		/** The two-loop recursion (Nocedal & Wright Alg. 7.4), with liblbfgs's ring-buffer indexing. */
		void direction(int k) {
			if (s[end] == null) {
				s[end] = new double[n];
				y[end] = new double[n];
			}
			double[] sk = s[end], yk = y[end];
			for (int i = 0; i < n; i++) {
				sk[i] = x[i] - xp[i];
				yk[i] = g[i] - gp[i];
			}
			ys[end] = dot(yk, sk); // > 0: guaranteed by the Wolfe curvature condition
			double h0 = ys[end] / dot(yk, yk); // H₀ = (sᵀy / yᵀy)·I from the newest pair
			int bound = Math.min(m, k);
			end = (end + 1) % m;
			for (int i = 0; i < n; i++)
				d[i] = -g[i];
			int j = end;
			for (int i = 0; i < bound; i++) { // newest to oldest
				j = (j + m - 1) % m;
				alpha[j] = dot(s[j], d) / ys[j];
				axpy(-alpha[j], y[j], d);
			}
			scale(h0, d);
			for (int i = 0; i < bound; i++) { // oldest to newest
				double beta = dot(y[j], d) / ys[j];
				axpy(alpha[j] - beta, s[j], d);
				j = (j + 1) % m;
			}
		}

		/**
		 * liblbfgs {@code line_search_backtracking} with the regular Wolfe condition, from xp along d
		 * starting at {@code step}; updates x, g, fx and step. NB: gᵀd is non-finite whenever some g_i is
		 * (Inf·0 is NaN), so one dot product also screens the whole gradient for NaN/Inf.
		 */
		boolean lineSearch() {
			double dginit = dot(g, d);
			if (!(dginit < 0)) return false; // not a descent direction (rounding); liblbfgs: INCREASEGRADIENT
			double finit = fx, dgtest = opt.ftol() * dginit;
			for (int count = 1;; count++) {
				for (int i = 0; i < n; i++)
					x[i] = xp[i] + step * d[i];
				fx = f.valueAndGradient(x, g);
				double dg = dot(g, d), width;
				if (!Double.isFinite(fx) || !Double.isFinite(dg) || fx > finit + step * dgtest) width = DEC;
				else if (dg < opt.wolfe() * dginit) width = INC;
				else return true;
				if (step < opt.minStep() || step > opt.maxStep() || count >= opt.maxLinesearch()) return false;
				step *= width;
			}
		}

		/** One validation check; true when it is time to stop early. */
		boolean validate() {
			double loss = validation.loss(x);
			valHist.add(loss);
			checked = true;
			lastCheck = objHist.size - 1;
			if (loss < bestVal) { // NaN never improves, as in cmt
				System.arraycopy(x, 0, bestX, 0, n);
				bestVal = loss;
				bestF = fx;
				badChecks = 0;
				return false;
			}
			badChecks++;
			return opt.valLookAhead() > 0 && badChecks >= opt.valLookAhead();
		}

		boolean gradientSmall() {
			double xnorm = Math.max(1, Math.sqrt(dot(x, x)));
			return Math.sqrt(dot(g, g)) / xnorm <= opt.epsilon();
		}

		void report(int k) {
			String msg = String.format(Locale.ROOT, "iteration %d/%d: objective %.8g", k, opt.maxIter(), fx);
			if (validation != null && checked)
				msg += String.format(Locale.ROOT, ", validation %.8g (best %.8g)", valHist.last(), bestVal);
			progress.report("L-BFGS", k, Math.max(1, opt.maxIter()), msg);
		}

		/** cmt's ending: keep the final x only if its validation loss beats the best one seen. */
		LbfgsResult finish(StopReason reason, int iterations) {
			double[] out = x;
			double value = fx, valLoss = Double.NaN;
			if (validation != null) {
				valLoss = lastCheck == iterations ? valHist.last() : validation.loss(x);
				if (!checked) bestVal = validation.loss(bestX); // bestX = x0 here
				if (!(valLoss < bestVal)) {
					out = bestX;
					value = bestF;
					valLoss = bestVal;
				}
			}
			boolean converged = reason == StopReason.THRESHOLD || reason == StopReason.GRADIENT
				|| reason == StopReason.EARLY_STOP;
			return new LbfgsResult(out.clone(), value, valLoss, iterations, converged, reason, objHist.toArray(),
				valHist.toArray());
		}
	}

	// -- vector helpers --

	private static double dot(double[] a, double[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++)
			sum += a[i] * b[i];
		return sum;
	}

	/** b ← b + a·x */
	private static void axpy(double a, double[] x, double[] b) {
		for (int i = 0; i < x.length; i++)
			b[i] += a * x[i];
	}

	private static void scale(double a, double[] x) {
		for (int i = 0; i < x.length; i++)
			x[i] *= a;
	}

	/** A growable list of doubles. */
	private static final class History {
		private double[] v = new double[16];
		private int size;

		void add(double value) {
			if (size == v.length) v = Arrays.copyOf(v, 2 * size);
			v[size++] = value;
		}

		double last() {
			return v[size - 1];
		}

		double[] toArray() {
			return Arrays.copyOf(v, size);
		}
	}
}
