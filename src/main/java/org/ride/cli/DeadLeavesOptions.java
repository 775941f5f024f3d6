package org.ride.cli;

import java.io.File;
import java.util.stream.IntStream;

import org.ride.core.data.DeadLeaves;

/**
 * Parsed arguments of {@link DeadLeavesMain}. Test images are indices [0, test) with test ≤ 100 so the
 * splits stay those of the recipe (an index is always in the same split); training images are indices
 * [100, 100+train).
 */
record DeadLeavesOptions(File out, int train, int test, int size, boolean aa) {

	/** Parses the argument list; returns null for {@code --help}; throws IllegalArgumentException on bad input. */
	static DeadLeavesOptions parse(String[] args) {
		File out = null;
		int train = DeadLeaves.TRAIN_END - DeadLeaves.TRAIN_START, test = DeadLeaves.TEST_END, size = DeadLeaves.DL256_SIZE;
		boolean aa = false;
		for (int k = 0; k < args.length; k++) {
			String a = args[k];
			switch (a) {
				case "--help", "-h" -> {
					return null;
				}
				case "--aa" -> aa = true;
				case "--out" -> out = new File(value(args, ++k, a));
				case "--train" -> train = integer(args, ++k, a, 0, Integer.MAX_VALUE - DeadLeaves.TRAIN_START);
				case "--test" -> test = integer(args, ++k, a, 0, DeadLeaves.TEST_END);
				case "--size" -> size = integer(args, ++k, a, 1, 4096);
				default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
			}
		}
		if (out == null) throw new IllegalArgumentException("--out DIR is required");
		return new DeadLeavesOptions(out, train, test, size, aa);
	}

	/** Test indices [0, test) then train indices [100, 100+train). */
	int[] indices() {
		return IntStream.concat(IntStream.range(DeadLeaves.TEST_START, test),
			IntStream.range(DeadLeaves.TRAIN_START, DeadLeaves.TRAIN_START + train)).toArray();
	}

	/** One past the largest index written (or 100 if there is no training image). */
	int lastIndex() {
		return DeadLeaves.TRAIN_START + train;
	}

	private static String value(String[] args, int k, String flag) {
		if (k >= args.length || args[k].startsWith("--"))
			throw new IllegalArgumentException(flag + " needs a value");
		return args[k];
	}

	private static int integer(String[] args, int k, String flag, int min, int max) {
		String v = value(args, k, flag);
		int n;
		try {
			n = Integer.parseInt(v);
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException(flag + " must be an integer but is '" + v + "'");
		}
		if (n < min || n > max)
			throw new IllegalArgumentException(flag + " " + n + " is out of range; use " + min + ".." + max
				+ (flag.equals("--test") ? " (the DL-256 test split is indices [0,100))" : ""));
		return n;
	}
}
