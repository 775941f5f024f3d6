package org.ride.core.nd;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Shape checks whose messages print both shapes, e.g. {@code "X must be [12 x N] but is [5 x 100]"}. */
public final class Shapes {

	/** Wildcard for {@link #require}: any extent is accepted in that dimension. */
	public static final long ANY = -1;

	private Shapes() {}

	/** "[3 x 12]" */
	public static String text(long... shape) {
		StringBuilder s = new StringBuilder("[");
		for (int d = 0; d < shape.length; d++) {
			if (d > 0) s.append(" x ");
			s.append(shape[d] == ANY ? "N" : Long.toString(shape[d]));
		}
		return s.append(']').toString();
	}

	public static String text(INDArray a) {
		return text(a.shape());
	}

	/**
	 * Throws {@link IllegalArgumentException} unless {@code a} has exactly the given shape
	 * ({@link #ANY} matches any extent).
	 */
	public static INDArray require(INDArray a, String name, long... shape) {
		if (a == null) throw new IllegalArgumentException(name + " is missing (null); expected " + text(shape));
		long[] s = a.shape();
		boolean ok = s.length == shape.length;
		for (int d = 0; ok && d < s.length; d++)
			ok = shape[d] == ANY || shape[d] == s[d];
		if (!ok) throw new IllegalArgumentException(name + " must be " + text(shape) + " but is " + text(s));
		return a;
	}

	/** Throws unless every entry of {@code a} is finite, naming the first offending index. */
	public static INDArray requireFinite(INDArray a, String name) {
		double[] v = a.dup('c').data().asDouble();
		for (int i = 0; i < v.length; i++)
			if (!Double.isFinite(v[i]))
				throw new IllegalArgumentException(name + " contains " + v[i] + " at flat index " + i + " of "
					+ text(a) + "; remove NaN/Inf values (e.g. replace them or crop them away) before using it");
		return a;
	}

	/** Same-length check for two sample counts, e.g. X and Y columns. */
	public static void requireSameCount(String what, long a, String nameA, long b, String nameB) {
		if (a != b)
			throw new IllegalArgumentException(what + " mismatch: " + nameA + " has " + a + " but " + nameB + " has "
				+ b + "; pass matching arrays");
	}

	static String shapeList(long[] s) {
		return Arrays.toString(s);
	}
}
