package org.ride.core.nd;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.sample.TextureSynthesis;

/** Large-image safety: work whose buffers cannot exist is refused up front with the memory it would need. */
class MemoryTest {

	@Test
	void productSaysOverflowInsteadOfWrappingAround() {
		assertEquals(6, Memory.product(1, 2, 3));
		assertEquals(-1, Memory.product(1L << 32, 1L << 32));
		assertEquals(-1, Memory.product(3, -1));
		assertEquals(0, Memory.product(0, Long.MAX_VALUE, 7));
	}

	@Test
	void arraysBeyondIntIndexingAreRefusedWithTheirSize() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Memory.requireHeap("a test job", 3_000_000_000L, 12_000_000_000L));
		assertTrue(e.getMessage().contains("3,000,000,000 values"), e.getMessage());
		assertTrue(e.getMessage().contains("11.2 GB"), e.getMessage());
		assertTrue(e.getMessage().contains("use a smaller size"), e.getMessage());
	}

	@Test
	void moreThanTheHeapIsRefusedNamingNeedAndLimit() {
		long max = Runtime.getRuntime().maxMemory();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Memory.requireHeap("a test job", 1000, max + (1L << 30)));
		assertTrue(e.getMessage().contains("needs about " + Memory.bytes(max + (1L << 30)) + " of Java heap"), e.getMessage());
		assertTrue(e.getMessage().contains("-Xmx"), e.getMessage());
		assertDoesNotThrow(() -> Memory.requireHeap("a small job", 1000, 8000));
	}

	@Test
	void offHeapBeyondTheLimitIsRefused() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Memory.requireOffHeap("a test job", Long.MAX_VALUE / 2));
		assertTrue(e.getMessage().contains("native (off-heap) memory"), e.getMessage());
	}

	@Test
	void hugeTextureSynthesisIsRefusedBeforeAnythingIsAllocated() {
		NdInit.ensure();
		Ride m = new Ride(RideConfig.tiny(), DataType.FLOAT, new Random(1));
		long t0 = System.nanoTime();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextureSynthesis.synthesize(m,
			TextureSynthesis.Options.of(50_000, 50_000, 1).withCount(3), Progress.NONE, CancelToken.NONE));
		assertTrue(e.getMessage().contains("synthesising 3 texture(s) of 50000×50000 px"), e.getMessage());
		assertTrue(e.getMessage().contains("more than a Java array can hold"), e.getMessage());
		IllegalArgumentException heap = assertThrows(IllegalArgumentException.class, () -> TextureSynthesis.synthesize(m,
			TextureSynthesis.Options.of(20_000, 20_000, 1).withCount(8), Progress.NONE, CancelToken.NONE));
		assertTrue(heap.getMessage().contains("of Java heap"), heap.getMessage());
		assertTrue((System.nanoTime() - t0) / 1e9 < 5, "refused up front, not after allocating");
	}
}
