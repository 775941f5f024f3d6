package org.ride.core.nd;

import java.util.Locale;

import org.bytedeco.javacpp.Pointer;

/**
 * Refuses work up front whose buffers cannot exist, with the memory they would need: an array longer than Java
 * (or a Java {@code int} index) allows, or more bytes than the Java heap or ND4J's off-heap limit can still give.
 * Failing here takes microseconds; failing at the allocation takes an {@link OutOfMemoryError} mid-run, an
 * {@code int} overflow that indexes garbage, or a native {@code bad_alloc}.
 */
public final class Memory {

	/** The longest Java array (a few header words below {@link Integer#MAX_VALUE}). */
	public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

	private Memory() {}

	/**
	 * @param what         the work, for the message, e.g. "synthesising 4 textures of 40000×40000 px"
	 * @param largestArray elements of the largest single array the work allocates
	 * @param heapBytes    Java heap the work needs in all
	 * @throws IllegalArgumentException naming the need, the limit and the fix
	 */
	public static void requireHeap(String what, long largestArray, long heapBytes) {
		if (largestArray < 0 || heapBytes < 0 || largestArray > MAX_ARRAY)
			throw new IllegalArgumentException(what + " needs one array of " + count(largestArray) + " values, more than "
				+ "a Java array can hold (" + count(MAX_ARRAY) + "), about " + bytes(heapBytes) + " in all; use a smaller "
				+ "size or split the work");
		Runtime rt = Runtime.getRuntime();
		if (heapBytes <= available(rt)) return;
		System.gc(); // NB: only on the path to a refusal, so that garbage does not refuse a job that fits
		long free = available(rt);
		if (heapBytes > free)
			throw new IllegalArgumentException(what + " needs about " + bytes(heapBytes) + " of Java heap but only "
				+ bytes(free) + " of the " + bytes(rt.maxMemory()) + " limit is free; use a smaller size, or raise the "
				+ "limit (Edit > Options > Memory & Threads in ImageJ, java -Xmx)");
	}

	/** As {@link #requireHeap} for ND4J's native memory (JavaCPP's limit, {@code -Dorg.bytedeco.javacpp.maxbytes}). */
	public static void requireOffHeap(String what, long offHeapBytes) {
		long max = Pointer.maxBytes(), free = max > 0 ? max - Pointer.totalBytes() : Long.MAX_VALUE;
		if (offHeapBytes < 0 || offHeapBytes > free)
			throw new IllegalArgumentException(what + " needs about " + bytes(offHeapBytes) + " of native (off-heap) "
				+ "memory but only " + bytes(free) + " of the " + bytes(max) + " limit is free; use a smaller size, or "
				+ "raise the limit (java -Dorg.bytedeco.javacpp.maxbytes=..., which defaults to -Xmx)");
	}

	private static long available(Runtime rt) {
		return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
	}

	/** a·b·c... or -1 when the product overflows a long (callers then refuse). */
	public static long product(long... f) {
		long p = 1;
		for (long x : f) {
			if (x < 0) return -1;
			if (x != 0 && p > Long.MAX_VALUE / x) return -1;
			p *= x;
		}
		return p;
	}

	/** "1.5 GB", "730 MB". */
	public static String bytes(long b) {
		if (b < 0) return "more than 8 EB";
		if (b >= 1L << 30) return String.format(Locale.ROOT, "%.1f GB", b / (double) (1L << 30));
		return String.format(Locale.ROOT, "%d MB", (b + (1 << 20) - 1) >> 20);
	}

	private static String count(long n) {
		return n < 0 ? "more than 9.2e18" : String.format(Locale.ROOT, "%,d", n);
	}
}
