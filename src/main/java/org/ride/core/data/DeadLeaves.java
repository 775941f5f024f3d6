package org.ride.core.data;

/**
 * The deterministic dead-leaves generator "DL-256" (data-and-cost.md §1.3; "DL-256-AA" with
 * {@code antialiased}).
 *
 * <p><b>Recipe.</b> Image i of the set is drawn from {@code new SplitMix64(0x5EED_0000 + i)}; test set
 * i ∈ [0,100), train set i ∈ [100,1000). With N the image side (256 for DL-256):
 * <ul>
 * <li>Radius law p(r) ∝ r^-3 on [r_min, r_max] = [0.01·N, N], sampled by the continuous inverse CDF
 *     r = (r_min^-2 − u·(r_min^-2 − r_max^-2))^(-1/2), computed as {@code 1 / Math.sqrt(...)}.</li>
 * <li>Exact stationary variant: r is accepted with probability ((N+2r)/(N+2r_max))², otherwise
 *     redrawn; the centre is uniform on [−r, N+r)². These are exactly the leaves of a stationary
 *     Poisson dead-leaves process that can hit the window, so there is no border bias. Accepted radii
 *     therefore have density ∝ r^-3 (N+2r)².</li>
 * <li>Intensity I ~ U(0,1). Leaves are painted front to back (see {@link DeadLeafCanvas}) until
 *     every pixel (AA: every one of the 4×4 sub-samples per pixel) is covered; no leaf cap, only a
 *     safety cap {@link #MAX_LEAVES} that throws.</li>
 * <li>Pixel-centre rasterisation {@code (x+0.5−cx)² + (y+0.5−cy)² < r²}; quantisation
 *     v = min(255, floor(256·I)) (AA: of the mean of the 16 sub-sample intensities, summed in
 *     row-major sub-sample order).</li>
 * </ul>
 *
 * <p><b>Draw order</b> (each "u" is one {@link SplitMix64#nextDouble()}), per leaf:
 * <pre>
 * repeat { u_r → r = invCdf(u_r);  u_a → accept iff u_a &lt; ((N+2r)/(N+2r_max))² } until accepted
 * u_x → cx = −r + u_x·(N+2r)
 * u_y → cy = −r + u_y·(N+2r)
 * u_I → I  = u_I
 * </pre>
 * so a leaf consumes 2·(number of radius tries) + 3 draws. The AA variant draws the same leaf
 * sequence as the aliased one for the same seed; it only needs more leaves to cover all sub-samples.
 *
 * <p>Pure JDK, no ND4J. Thread-safe: instances are immutable and each call owns its PRNG and canvas.
 */
public final class DeadLeaves {

	/** N of DL-256. */
	public static final int DL256_SIZE = 256;
	/** Image i uses seed {@code SEED_BASE + i}. */
	public static final long SEED_BASE = 0x5EED_0000L;
	/** Test set: indices [TEST_START, TEST_END). */
	public static final int TEST_START = 0, TEST_END = 100;
	/** Train set: indices [TRAIN_START, TRAIN_END). */
	public static final int TRAIN_START = 100, TRAIN_END = 1000;
	/** Sub-samples per pixel side of DL-256-AA. */
	public static final int AA_SUB = 4;
	/**
	 * Safety cap on leaves per image. A 256² image needs some 10^4 leaves (AA a few times more); the cap
	 * only guards against a broken sampler looping forever.
	 */
	public static final long MAX_LEAVES = 50_000_000L;

	private final int size;
	private final boolean antialiased;
	private final double rMin, rMax; // [0.01·N, N] px
	private final double invMin2, invMax2; // r_min^-2, r_max^-2

	/**
	 * @param size        N, the image side in pixels (256 for DL-256), 1 ≤ N ≤ 4096
	 * @param antialiased false: DL-256 (one sample per pixel centre); true: DL-256-AA (4×4 box filter)
	 */
	public DeadLeaves(int size, boolean antialiased) {
		if (size < 1 || size > 4096)
			throw new IllegalArgumentException("dead-leaves image size " + size
				+ " px is out of range; use 1..4096 (DL-256 uses 256)");
		this.size = size;
		this.antialiased = antialiased;
		this.rMin = 0.01 * size;
		this.rMax = size;
		this.invMin2 = 1.0 / (rMin * rMin);
		this.invMax2 = 1.0 / (rMax * rMax);
	}

	/** The DL-256 generator: N = 256, aliased. */
	public static DeadLeaves dl256() {
		return new DeadLeaves(DL256_SIZE, false);
	}

	/** The seed of image {@code index}: 0x5EED_0000 + index. */
	public static long seedOf(int index) {
		if (index < 0)
			throw new IllegalArgumentException("image index " + index + " is negative; DL-256 indices start at 0");
		return SEED_BASE + index;
	}

	/** True iff {@code index} belongs to the test set [0,100). */
	public static boolean isTestIndex(int index) {
		return index >= TEST_START && index < TEST_END;
	}

	public int size() {
		return size;
	}

	public boolean antialiased() {
		return antialiased;
	}

	public double rMin() {
		return rMin;
	}

	public double rMax() {
		return rMax;
	}

	/** Image {@code index} of the set (seed {@link #seedOf}). */
	public DeadLeavesImage generate(int index) {
		return generateFromSeed(seedOf(index));
	}

	/** One image drawn from {@code new SplitMix64(seed)}, in the draw order of the class javadoc. */
	public DeadLeavesImage generateFromSeed(long seed) {
		DeadLeafCanvas canvas = newCanvas();
		long leaves = paintLeaves(seed, canvas);
		return new DeadLeavesImage(size, canvas.quantise(), leaves, seed);
	}

	DeadLeafCanvas newCanvas() {
		return new DeadLeafCanvas(size, antialiased ? AA_SUB : 1);
	}

	/** Paints leaves from {@code new SplitMix64(seed)} onto {@code canvas} until it is complete; returns the count. */
	long paintLeaves(long seed, DeadLeafCanvas canvas) {
		SplitMix64 rng = new SplitMix64(seed);
		long leaves = 0;
		while (!canvas.isComplete()) {
			if (leaves == MAX_LEAVES)
				throw new IllegalStateException("dead-leaves image (seed 0x" + Long.toHexString(seed) + ", N=" + size
					+ ") still has " + canvas.uncovered() + " uncovered cells after " + MAX_LEAVES
					+ " leaves; the sampler is broken (this should never happen)");
			double r = drawRadius(rng);
			double span = size + 2 * r;
			double cx = -r + rng.nextDouble() * span;
			double cy = -r + rng.nextDouble() * span;
			double intensity = rng.nextDouble();
			canvas.paint(cx, cy, r, intensity);
			leaves++;
		}
		return leaves;
	}

	/**
	 * An accepted radius: repeat { r = {@link #radiusFromUniform}(u_r); accept iff u_a &lt;
	 * {@link #acceptance}(r) } (two draws per try).
	 */
	double drawRadius(SplitMix64 rng) {
		while (true) {
			double r = radiusFromUniform(rng.nextDouble());
			if (rng.nextDouble() < acceptance(r)) return r;
		}
	}

	/** Inverse CDF of p(r) ∝ r^-3 on [r_min, r_max]: r = (r_min^-2 − u·(r_min^-2 − r_max^-2))^(-1/2). */
	double radiusFromUniform(double u) {
		return 1.0 / Math.sqrt(invMin2 - u * (invMin2 - invMax2));
	}

	/** ((N+2r)/(N+2r_max))², the probability that a leaf of radius r can hit the window. */
	double acceptance(double r) {
		double q = (size + 2 * r) / (size + 2 * rMax);
		return q * q;
	}
}
