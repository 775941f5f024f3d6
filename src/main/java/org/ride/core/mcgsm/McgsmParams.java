package org.ride.core.mcgsm;

import java.util.Arrays;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.nd.NdInit;
import org.ride.core.nd.Shapes;

/**
 * The eight parameter groups of a factorized MCGSM (spec §6.1), with cmt's names and shapes:
 * <pre>
 *   priors           η   [K, S]
 *   scales           α   [K, S]
 *   weights          β   [K, F]
 *   features         B   [N_in, F]      columns b_n
 *   cholesky_factors L   [K, D, D]      lower-triangular, L_k[0,0] ≡ 1
 *   predictors       A   [K, D, N_in]   A_k = predictors[k]
 *   linear_features  U   [K, N_in]      rows u_k
 *   means            M   [D, K]         columns m_k
 * </pre>
 * Values are held in row-major {@code double[]} (small) and exposed as ND4J arrays of {@link #dataType()}
 * (FLOAT or DOUBLE); for FLOAT every stored value is rounded to float so that what {@link #get} returns is
 * exactly what the model computes with.
 * <p>
 * <b>Cholesky normalisation</b> (§6.1, pitfall 11): setting {@code cholesky_factors} divides each L_k by
 * p = L_k[0,0] and compensates with α_k· += 2 log|p| and β_k· /= p, so the model is unchanged and
 * L_k[0,0] = 1 is never a free parameter.
 * <p>
 * The flat vector (§6.4) lists the trained groups in the order above, each block column-major, the
 * Cholesky block as, for each k, rows m = 1..D−1 and columns n = 0..m, and the predictors as
 * A_1..A_K, each [D, N_in] column-major.
 */
public final class McgsmParams {

	/** cmt's group names, in the order of the flat vector (§6.4). */
	public static final String[] NAMES = { "priors", "scales", "weights", "features", "cholesky_factors",
		"predictors", "linear_features", "means" };

	static final int PRIORS = 0, SCALES = 1, WEIGHTS = 2, FEATURES = 3, CHOLESKY = 4, PREDICTORS = 5,
		LINEAR = 6, MEANS = 7;

	private final McgsmConfig config;
	private final DataType dataType;
	private final double[][] values = new double[8][];

	/**
	 * cmt's constructor initialisation (§6.1): η = 0, α ~ U(−1,1), β = |U(−1,1)|/100 + 0.01,
	 * B ~ N(0,1)/100, L_k = I, A ~ N(0,1)/10, U = 0, M = 0. Draw order (reproducible from {@code rng}):
	 * scales, weights, features, predictors, each in row-major order of its shape; uniforms are
	 * {@code 2·nextDouble()−1}, normals {@code nextGaussian()}.
	 */
	public McgsmParams(McgsmConfig config, DataType dataType, Random rng) {
		this(config, dataType);
		int k = config.numComponents(), d = config.dimOut();
		double[] a = values[SCALES];
		for (int i = 0; i < a.length; i++) a[i] = 2 * rng.nextDouble() - 1;
		a = values[WEIGHTS];
		for (int i = 0; i < a.length; i++) a[i] = Math.abs(2 * rng.nextDouble() - 1) / 100 + 0.01;
		a = values[FEATURES];
		for (int i = 0; i < a.length; i++) a[i] = rng.nextGaussian() / 100;
		a = values[PREDICTORS];
		for (int i = 0; i < a.length; i++) a[i] = rng.nextGaussian() / 10;
		for (int c = 0; c < k; c++)
			for (int m = 0; m < d; m++) values[CHOLESKY][(c * d + m) * d + m] = 1;
		for (double[] v : values) round(v);
	}

	/** All-zero groups except L_k = I; callers then set what they need. */
	public McgsmParams(McgsmConfig config, DataType dataType) {
		NdInit.ensure();
		if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE)
			throw new IllegalArgumentException("MCGSM parameters must be FLOAT or DOUBLE but " + dataType
				+ " was requested; use DataType.FLOAT (fast) or DataType.DOUBLE (tests)");
		this.config = config;
		this.dataType = dataType;
		for (int g = 0; g < 8; g++) values[g] = new double[Math.toIntExact(count(shape(g)))];
		int d = config.dimOut();
		for (int c = 0; c < config.numComponents(); c++)
			for (int m = 0; m < d; m++) values[CHOLESKY][(c * d + m) * d + m] = 1;
	}

	private McgsmParams(McgsmParams o, DataType dataType) {
		this(o.config, dataType);
		for (int g = 0; g < 8; g++) values[g] = o.values[g].clone();
		for (double[] v : values) round(v);
	}

	public McgsmConfig config() { return config; }

	public DataType dataType() { return dataType; }

	/** A deep copy with the same dtype. */
	public McgsmParams copy() { return new McgsmParams(this, dataType); }

	/** A deep copy in another dtype (FLOAT rounds every value). */
	public McgsmParams castTo(DataType type) { return new McgsmParams(this, type); }

	/** The shape of a group, e.g. {@code shape("predictors") = [K, D, N_in]}. */
	public long[] shape(String name) { return shape(index(name)); }

	/** A new array (dtype {@link #dataType()}, 'c' order) holding the group's values. */
	public INDArray get(String name) {
		int g = index(name);
		return Nd4j.create(values[g], shape(g), DataType.DOUBLE).castTo(dataType);
	}

	/**
	 * Copies {@code value} (any float dtype, shape {@link #shape(String)}) into the group. Setting
	 * {@code cholesky_factors} normalises them (see class comment); their upper triangle must be zero and
	 * their diagonal non-zero.
	 */
	public void set(String name, INDArray value) {
		int g = index(name);
		Shapes.require(value, name, shape(g));
		Shapes.requireFinite(value, name);
		double[] v = value.dup('c').data().asDouble();
		if (g == CHOLESKY) setCholesky(v);
		else values[g] = v;
		round(values[g]);
	}

	public INDArray priors() { return get("priors"); }
	public INDArray scales() { return get("scales"); }
	public INDArray weights() { return get("weights"); }
	public INDArray features() { return get("features"); }
	public INDArray choleskyFactors() { return get("cholesky_factors"); }
	public INDArray predictors() { return get("predictors"); }
	public INDArray linearFeatures() { return get("linear_features"); }
	public INDArray means() { return get("means"); }

	/** Number of entries of the flat vector (§6.4) for the given flags. */
	public int numParameters(TrainFlags flags) {
		boolean[] on = flags.asArray();
		int n = 0;
		for (int g = 0; g < 8; g++)
			if (on[g]) n += blockSize(g);
		return n;
	}

	/** The trained groups as one flat vector in the layout of §6.4 (see class comment). */
	public double[] toVector(TrainFlags flags) {
		return pack(values, flags);
	}

	/**
	 * Overwrites the trained groups from a flat vector in the layout of §6.4. The Cholesky entries are set
	 * directly: L_k[0,0] is not in the vector and stays 1, so no normalisation is needed.
	 */
	public void setFromVector(double[] theta, TrainFlags flags) {
		if (theta.length != numParameters(flags))
			throw new IllegalArgumentException("MCGSM parameter vector has " + theta.length + " entries but the "
				+ "flags " + flags + " need " + numParameters(flags) + "; pass a vector made by toVector(flags)");
		for (int i = 0; i < theta.length; i++)
			if (!Double.isFinite(theta[i]))
				throw new IllegalArgumentException("MCGSM parameter vector entry " + i + " is " + theta[i]
					+ "; the optimiser diverged (lower its step size) or was given bad start values");
		unpack(theta, flags, values);
		for (double[] v : values) round(v);
	}

	// -- package-private access for the model maths --

	/** Row-major values of group {@code g}; the caller must not modify them. */
	double[] raw(int g) { return values[g]; }

	long[] shape(int g) {
		return shape(config, g);
	}

	/** The shape of a group of a model with {@code config}, without allocating it (e.g. to check a file first). */
	public static long[] shape(McgsmConfig config, String name) {
		return shape(config, index(name));
	}

	private static long[] shape(McgsmConfig config, int g) {
		long k = config.numComponents(), s = config.numScales(), f = config.numFeatures(),
			n = config.dimIn(), d = config.dimOut();
		switch (g) {
			case PRIORS: case SCALES: return new long[] { k, s };
			case WEIGHTS: return new long[] { k, f };
			case FEATURES: return new long[] { n, f };
			case CHOLESKY: return new long[] { k, d, d };
			case PREDICTORS: return new long[] { k, d, n };
			case LINEAR: return new long[] { k, n };
			default: return new long[] { d, k };
		}
	}

	int blockSize(int g) {
		return g == CHOLESKY ? config.numCholeskyParameters() : values[g].length;
	}

	/**
	 * Packs eight row-major arrays shaped like the groups (parameters or their gradients) into the flat
	 * layout of §6.4, keeping only the groups {@code flags} selects.
	 */
	double[] pack(double[][] groups, TrainFlags flags) {
		boolean[] on = flags.asArray();
		double[] out = new double[numParameters(flags)];
		int at = 0;
		for (int g = 0; g < 8; g++)
			if (on[g]) at = block(g, groups[g], out, at, true);
		return out;
	}

	/** The inverse of {@link #pack}: writes the selected blocks of {@code theta} into {@code groups}. */
	void unpack(double[] theta, TrainFlags flags, double[][] groups) {
		boolean[] on = flags.asArray();
		int at = 0;
		for (int g = 0; g < 8; g++)
			if (on[g]) at = block(g, groups[g], theta, at, false);
	}

	/** Copies one block between row-major {@code group} and the flat vector at {@code at}. */
	private int block(int g, double[] group, double[] flat, int at, boolean toFlat) {
		long[] sh = shape(g);
		if (g == CHOLESKY) {
			int d = config.dimOut();
			for (int c = 0; c < config.numComponents(); c++)
				for (int m = 1; m < d; m++)
					for (int n = 0; n <= m; n++, at++)
						at = copy(group, (c * d + m) * d + n, flat, at, toFlat);
			return at;
		}
		// A 3-D group is K consecutive [rows, cols] matrices; every block is column-major.
		int mats = sh.length == 3 ? (int) sh[0] : 1;
		int rows = (int) sh[sh.length - 2], cols = (int) sh[sh.length - 1];
		for (int c = 0; c < mats; c++)
			for (int j = 0; j < cols; j++)
				for (int i = 0; i < rows; i++, at++)
					at = copy(group, (c * rows + i) * cols + j, flat, at, toFlat);
		return at;
	}

	private static int copy(double[] group, int gi, double[] flat, int at, boolean toFlat) {
		if (toFlat) flat[at] = group[gi];
		else group[gi] = flat[at];
		return at;
	}

	private void setCholesky(double[] l) {
		int k = config.numComponents(), d = config.dimOut();
		double[] alpha = values[SCALES], beta = values[WEIGHTS];
		int s = config.numScales(), f = config.numFeatures();
		for (int c = 0; c < k; c++) {
			for (int m = 0; m < d; m++) {
				if (l[(c * d + m) * d + m] == 0)
					throw new IllegalArgumentException("cholesky_factors[" + c + "] has a zero on its diagonal at ["
						+ m + "," + m + "]; a Cholesky factor must have a non-zero diagonal");
				for (int n = m + 1; n < d; n++)
					if (l[(c * d + m) * d + n] != 0)
						throw new IllegalArgumentException("cholesky_factors[" + c + "] is not lower-triangular: entry ["
							+ m + "," + n + "] is " + l[(c * d + m) * d + n] + "; zero the upper triangle");
			}
			double p = l[c * d * d];
			for (int i = 0; i < d * d; i++) l[c * d * d + i] /= p;
			for (int j = 0; j < s; j++) alpha[c * s + j] += 2 * Math.log(Math.abs(p));
			for (int j = 0; j < f; j++) beta[c * f + j] /= p;
		}
		values[CHOLESKY] = l;
		round(alpha);
		round(beta);
	}

	private void round(double[] v) {
		if (dataType == DataType.FLOAT)
			for (int i = 0; i < v.length; i++) v[i] = (float) v[i];
	}

	private static int index(String name) {
		for (int g = 0; g < 8; g++)
			if (NAMES[g].equals(name)) return g;
		throw new IllegalArgumentException("unknown MCGSM parameter group '" + name + "'; use one of "
			+ Arrays.toString(NAMES));
	}

	private static long count(long[] shape) {
		long n = 1;
		for (long s : shape) n *= s;
		return n;
	}
}
