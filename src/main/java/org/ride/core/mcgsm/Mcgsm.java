package org.ride.core.mcgsm;

import java.util.Arrays;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.ride.core.nd.Chunks;
import org.ride.core.nd.NdInit;
import org.ride.core.nd.Shapes;

/**
 * The factorized mixture of conditional Gaussian scale mixtures (cmt {@code MCGSM}, spec §6):
 * <pre>
 *   p(y | x) = Σ_{k,s} softmax_{k,s}( η_ks − ½ e^{α_ks} w_k(x) ) · N( y ; A_k x + m_k , (e^{α_ks} L_k L_kᵀ)^{−1} )
 *   w_k(x)   = Σ_n β_kn² (b_nᵀ x)² − 2 u_kᵀ x
 * </pre>
 * Data are matrices with one sample per column: X [N_in, N], Y [D, N] (any order; 'f' is fastest), in
 * any float dtype; all maths runs in the dtype of the {@link McgsmParams} (DOUBLE for tests, FLOAT for
 * speed), batched over samples as GEMMs and one plain-Java pass (see {@link Pass}, {@link Gate}). Large N is
 * processed in an even number of equal chunks of at most {@link #chunkColumns()} columns, to bound memory and stay
 * cache-friendly, spread over the processors (see {@link Chunks}); the results are bit-identical whatever the
 * thread count.
 * NB: run with OMP_NUM_THREADS=1: the Java threads already use every core, and ND4J's OpenMP threads on top
 * of them oversubscribe the machine (measured 2–4× slower; see McgsmBenchmark).
 * <p>
 * Not thread-safe: an instance reuses its work buffers between calls. The parameters are live: changes
 * through {@link #params()} take effect on the next call.
 */
public final class Mcgsm {

	private final McgsmParams params;
	private int chunkColumns = 8192;
	private int threads = Chunks.DEFAULT_THREADS;
	/** Per worker: buffers for the last few chunk widths seen (full chunks and tails of recent call sizes). */
	private Pass[][] passes = new Pass[0][];
	private static final int WIDTHS_KEPT = 4;
	private Derived derived; // see derived()
	private double[][] derivedFrom;

	public Mcgsm(McgsmParams params) {
		NdInit.ensure();
		this.params = params;
	}

	/** A model with cmt's random constructor initialisation (§6.1, see {@link McgsmParams}). */
	public Mcgsm(McgsmConfig config, DataType dataType, Random rng) {
		this(new McgsmParams(config, dataType, rng));
	}

	public McgsmParams params() { return params; }

	public McgsmConfig config() { return params.config(); }

	public int chunkColumns() { return chunkColumns; }

	/** Samples per internal chunk (≥ 1); only memory use and speed depend on it, never the results. */
	public void setChunkColumns(int columns) {
		if (columns < 1)
			throw new IllegalArgumentException("chunk size is " + columns + " columns but must be ≥ 1");
		chunkColumns = columns;
	}

	/**
	 * Number of threads that process chunks in parallel (default: the number of processors). Results do not
	 * depend on it: every chunk is computed alone and the sums are combined in chunk order.
	 */
	public void setThreads(int n) {
		if (n < 1) throw new IllegalArgumentException("thread count is " + n + " but must be ≥ 1");
		threads = n;
	}

	/**
	 * {@code n} single-threaded evaluators that share this model's parameters (read, never written, by them) but
	 * each have their own chunk buffers, for n threads that evaluate at once (the pipelined likelihood map: one
	 * per band thread). Kept for the next call, so their buffers are reused; they take this instance's chunk size.
	 */
	public synchronized Mcgsm[] threadEvaluators(int n) {
		if (evaluators.length < n) {
			Mcgsm[] e = Arrays.copyOf(evaluators, n);
			for (int w = evaluators.length; w < n; w++) {
				e[w] = new Mcgsm(params);
				e[w].setThreads(1);
			}
			evaluators = e;
		}
		for (Mcgsm e : evaluators) {
			e.chunkColumns = chunkColumns;
			e.exactMath = exactMath;
		}
		return Arrays.copyOf(evaluators, n);
	}

	/**
	 * A FLOAT model's gate computes its exponentials to float accuracy (relative error &lt; 2e−7, see
	 * {@link Gate#exp}), and log p alone (maps, evaluation, inpainting) entirely in float ({@link FloatGate}: error
	 * &lt; 1.5e−5) unless this is set: then in double to double accuracy (&lt; 5e−14) like a DOUBLE model, by a
	 * degree-12 instead of a degree-7 polynomial (slower); the reference for accuracy checks ({@code Ride#setExactMath} sets it with the
	 * LSTM's). DOUBLE models always use the double-accuracy form. Taken by {@link #threadEvaluators} too.
	 */
	public void setExactMath(boolean exact) {
		exactMath = exact;
	}

	public boolean exactMath() { return exactMath; }

	private volatile boolean exactMath;

	private Mcgsm[] evaluators = new Mcgsm[0];

	/** log p(y|x) in nats, [1, N] (§6.2). */
	public INDArray logLikelihood(INDArray x, INDArray y) {
		return evaluate(x, y, false, null).logLikelihood();
	}

	/**
	 * cmt's {@code _data_gradient}: ∂log p/∂x [N_in, N], ∂log p/∂y [D, N] and log p [1, N] (§6.3). The two data
	 * gradients are buffers of this instance, valid until its next call with data gradients (see
	 * {@link McgsmResult}); callers may scale them in place.
	 */
	public McgsmResult dataGradient(INDArray x, INDArray y) {
		return evaluate(x, y, true, null);
	}

	/** J = −Σ log p/(N·D·ln 2) and ∂J/∂θ for the trained groups in the flat layout of §6.4. */
	public McgsmResult parameterGradient(INDArray x, INDArray y, TrainFlags flags) {
		return evaluate(x, y, false, flags);
	}

	/**
	 * The combined pass: log p, and optionally the data gradients and the parameter gradient, sharing all
	 * intermediate arrays (what RIDE training needs every minibatch).
	 *
	 * @param x            inputs [N_in, N], finite
	 * @param y            outputs [D, N], finite
	 * @param dataGradient whether to compute ∂log p/∂x and ∂log p/∂y
	 * @param flags        groups whose gradient of J is wanted, or null for none
	 */
	public McgsmResult evaluate(INDArray x, INDArray y, boolean dataGradient, TrainFlags flags) {
		McgsmConfig c = params.config();
		Shapes.require(x, "MCGSM input X", c.dimIn(), Shapes.ANY);
		Shapes.require(y, "MCGSM output Y", c.dimOut(), Shapes.ANY);
		Shapes.requireSameCount("MCGSM sample count", x.columns(), "X " + Shapes.text(x), y.columns(),
			"Y " + Shapes.text(y));
		if (x.columns() == 0)
			throw new IllegalArgumentException("MCGSM got X " + Shapes.text(x) + " with no samples; pass N ≥ 1 columns");
		requireFinite(y, "MCGSM output Y");
		DataType dt = params.dataType();
		INDArray xIn = x;
		x = x.dataType() == dt ? x : x.castTo(dt);
		y = y.dataType() == dt ? y : y.castTo(dt);
		Derived dv = derived(); // NB: rebuilt only when a parameter changed (~150 µs, 30 ND4J calls)
		long total = x.columns();
		INDArray logp = Pass.buf(dt, 1, total);
		INDArray dx = dataGradient ? gradientBuffer(0, dt, c.dimIn(), total) : null;
		INDArray dy = dataGradient ? gradientBuffer(1, dt, c.dimOut(), total) : null;
		GradientSums sums = runChunks(dv, x, y, flags, logp, dx, dy);
		// NB: X is checked afterwards, through log p: a non-finite input makes its column's log p non-finite
		// (IEEE products propagate NaN and ∞ through the GEMMs), and summing [1, N] costs a 1/N_in of summing X
		// (which took 5 % of a likelihood map); only then is X scanned, for the message naming it
		double logpSum = logp.sumNumber().doubleValue();
		if (!Double.isFinite(logpSum)) requireFinite(xIn, "MCGSM input X");
		double j = sums != null ? sums.objective(dv.d) : -logpSum / (total * dv.d * Math.log(2));
		return new McgsmResult(logp, dx, dy, j, sums == null ? null : sums.gradient(dv));
	}

	/**
	 * The reused output buffer for ∂log p/∂x (which 0) or ∂log p/∂y (1), 'f' [rows, cols].
	 * NB: a training step's ∂log p/∂h is [128, 18,000] floats (9 MB); a fresh one per call is zeroed memory the
	 * allocator has to fetch and fault in, measured as 5 % of a training step. Every column is written by the
	 * pass (the first GEMM into it has β = 0), so the old contents never show.
	 */
	private INDArray gradientBuffer(int which, DataType dt, long rows, long cols) {
		INDArray b = gradientBuffers[which];
		if (b == null || b.dataType() != dt || b.rows() != rows || b.columns() != cols)
			b = gradientBuffers[which] = Pass.buf(dt, rows, cols);
		return b;
	}

	private final INDArray[] gradientBuffers = new INDArray[2];

	/**
	 * Runs every chunk (in parallel, see {@link Chunks}) into the outputs and returns the parameter-gradient
	 * sums merged in chunk order, or null without flags.
	 */
	private GradientSums runChunks(Derived dv, INDArray x, INDArray y, TrainFlags flags, INDArray logp, INDArray dx,
		INDArray dy) {
		long total = x.columns();
		// NB: an even number of equal chunks, so that two threads share the work evenly (3 chunks of 8192 for a
		// training batch of 18,000 columns kept one thread busy twice as long); it depends on N alone
		long chunksAtMost = (total + chunkColumns - 1) / chunkColumns;
		if (chunksAtMost > 1 && chunksAtMost % 2 == 1) chunksAtMost++;
		int width = Math.toIntExact((total + chunksAtMost - 1) / chunksAtMost);
		int chunks = Math.toIntExact((total + width - 1) / width);
		int workers = Math.min(chunks, threads);
		if (passes.length < workers) passes = Arrays.copyOf(passes, workers);
		for (int w = 0; w < workers; w++)
			if (passes[w] == null) passes[w] = new Pass[WIDTHS_KEPT];
		GradientSums[] parts = new GradientSums[flags == null ? 0 : chunks];
		Chunks.run(chunks, workers, (worker, i) -> {
			long a = (long) i * width, b = Math.min(total, a + width);
			INDArrayIndex[] cols = { NDArrayIndex.all(), NDArrayIndex.interval(a, b) };
			boolean all = chunks == 1;
			GradientSums sums = flags == null ? null : (parts[i] = new GradientSums(dv, flags));
			pass(worker, dv, (int) (b - a)).run(dv, all ? x : x.get(cols), all ? y : y.get(cols), a, logp, dx, dy,
				sums, exactMath);
		});
		for (int i = 1; i < parts.length; i++) parts[0].merge(parts[i]);
		return flags == null ? null : parts[0];
	}

	/** Worker {@code worker}'s buffers for a chunk of {@code cols} columns (the least recently made one is replaced). */
	private Pass pass(int worker, Derived dv, int cols) {
		Pass[] own = passes[worker];
		// NB: buffers are tied to the shapes of the parameters, which never change for one instance.
		for (Pass p : own)
			if (p != null && p.cols == cols && p.dataType == dv.p.dataType()) return p;
		System.arraycopy(own, 0, own, 1, own.length - 1);
		return own[0] = new Pass(dv, cols);
	}

	/** Ancestral samples y ~ p(y|x), [D, N], see {@link Sampler}. */
	public INDArray sample(INDArray x, Random rng) {
		Shapes.require(x, "MCGSM input X", config().dimIn(), Shapes.ANY);
		requireFinite(x, "MCGSM input X");
		DataType dt = params.dataType();
		return Sampler.sample(new Derived(params), x.dataType() == dt ? x : x.castTo(dt), rng);
	}

	/**
	 * Samples y ~ p(y|x) [D, N] with explicit noise (spec §6.6), so that a draw can be tied to something other
	 * than the call order (e.g. the pixel it is for): column n uses z[:, n] ~ N(0, I_D) for the Gaussian and
	 * u[n] ∈ [0, 1) to pick (k, s) by inverse CDF. {@link #sample(INDArray, Random)} draws exactly these
	 * (z then u, column by column) and calls this.
	 *
	 * @param x inputs [N_in, N]
	 * @param z standard normal noise [D, N], any float dtype
	 * @param u N uniforms in [0, 1)
	 */
	public INDArray sample(INDArray x, INDArray z, double[] u) {
		Shapes.require(x, "MCGSM input X", config().dimIn(), Shapes.ANY);
		Shapes.require(z, "MCGSM sampling noise z", config().dimOut(), x.columns());
		if (u == null || u.length != x.columns()) throw new IllegalArgumentException("MCGSM sampling needs one "
			+ "uniform per column: X has " + x.columns() + " columns but u has " + (u == null ? "none" : u.length));
		requireFinite(x, "MCGSM input X");
		DataType dt = params.dataType();
		double[] zc = z.castTo(DataType.DOUBLE).dup('f').data().asDouble();
		return Sampler.sample(derived(), x.dataType() == dt ? x : x.castTo(dt), zc, u);
	}

	/**
	 * {@link #sample(INDArray, INDArray, double[])} with the noise and the result as Java arrays, column-major
	 * [D, N] (what a sampler's wavefront step has and needs: no ND4J copies of z or y per step).
	 *
	 * @return y [D, N] column-major: y[n·D + d]
	 */
	public double[] sampleColumns(INDArray x, double[] z, double[] u) {
		Shapes.require(x, "MCGSM input X", config().dimIn(), Shapes.ANY);
		long n = x.columns();
		if (z == null || z.length != n * config().dimOut()) throw new IllegalArgumentException("MCGSM sampling needs "
			+ config().dimOut() + " normal draws per column: X has " + n + " columns but z has "
			+ (z == null ? "none" : z.length));
		if (u == null || u.length != n) throw new IllegalArgumentException("MCGSM sampling needs one "
			+ "uniform per column: X has " + n + " columns but u has " + (u == null ? "none" : u.length));
		DataType dt = params.dataType();
		double[] y = Sampler.sampleColumns(derived(), x.dataType() == dt ? x : x.castTo(dt), z, u);
		if (y == null) Shapes.requireFinite(x, "MCGSM input X"); // NB: the check costs nothing while all is finite
		return y;
	}

	/**
	 * NB: samplers call {@link #sample(INDArray, INDArray, double[])} once per wavefront step with few columns,
	 * and inpainting evaluates small batches thousands of times, where rebuilding {@link Derived} (~30 ND4J calls,
	 * ~150 µs) would dominate; it is reused while every parameter value equals the snapshot it was built from (a
	 * full comparison: microseconds, and the parameters stay live, so training rebuilds it each step). Derived is
	 * read-only once built, so evaluations and samplers share it.
	 */
	private synchronized Derived derived() { // NB: samplers of batch parts call this concurrently
		boolean same = derivedFrom != null;
		for (int g = 0; same && g < derivedFrom.length; g++) same = java.util.Arrays.equals(derivedFrom[g], params.raw(g));
		if (!same) {
			derivedFrom = new double[McgsmParams.NAMES.length][];
			for (int g = 0; g < derivedFrom.length; g++) derivedFrom[g] = params.raw(g).clone();
			derived = new Derived(params);
		}
		return derived;
	}

	/** One reduction on the hot path; the exact scan (and its message) only when something is off. */
	private static void requireFinite(INDArray a, String name) {
		if (!Double.isFinite(a.sumNumber().doubleValue())) Shapes.requireFinite(a, name);
	}
}
