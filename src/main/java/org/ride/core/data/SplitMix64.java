package org.ride.core.data;

/**
 * SplitMix64 (Steele, Lea &amp; Flood 2014; Vigna's {@code splitmix64.c}), the PRNG of the DL-256 recipe
 * (data-and-cost.md §1.3 item 2). It is trivial to reproduce bit for bit in any language with 64-bit
 * unsigned arithmetic, which is why the recipe uses it instead of {@link java.util.Random}.
 *
 * <pre>
 * step:   state += 0x9E3779B97F4A7C15            (the increment is applied BEFORE mixing)
 *         z = state
 *         z = (z ^ z&gt;&gt;&gt;30) * 0xBF58476D1CE4E5B9
 *         z = (z ^ z&gt;&gt;&gt;27) * 0x94D049BB133111EB
 *         z ^= z&gt;&gt;&gt;31                            (output, 64 bits)
 * double: (z &gt;&gt;&gt; 11) * 2^-53                     (in [0, 1), a multiple of 2^-53)
 * </pre>
 *
 * Seeded with 0, the first outputs are 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F.
 * Java's wrapping {@code long} arithmetic equals the unsigned 64-bit arithmetic of the C original.
 * Not thread-safe: one instance per image / stream.
 */
public final class SplitMix64 {

	/** The Weyl increment, 2^64 / golden ratio, odd. */
	public static final long GAMMA = 0x9E3779B97F4A7C15L;

	/** 2^-53: maps the top 53 bits of an output to a double in [0, 1). */
	private static final double DOUBLE_UNIT = 0x1.0p-53;

	private long state;

	/** A generator whose state starts at {@code seed} (any 64-bit value, 0 included). */
	public SplitMix64(long seed) {
		state = seed;
	}

	/** The next 64-bit output (advances the state by one step). */
	public long nextLong() {
		state += GAMMA;
		long z = state;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	/** The next double in [0, 1): {@code (nextLong() >>> 11) * 2^-53} (one step). */
	public double nextDouble() {
		return (nextLong() >>> 11) * DOUBLE_UNIT;
	}

	/** The current state (the seed after k steps is {@code seed + k·GAMMA}). */
	public long state() {
		return state;
	}
}
