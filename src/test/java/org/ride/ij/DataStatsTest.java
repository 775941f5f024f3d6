package org.ride.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ride.io.DataInfo;

class DataStatsTest {

	private static final double EPS = 1e-9;

	@Test
	void statisticsOfAKnownRamp() {
		float[] v = new float[1001]; // 0..1000: percentile p is value p*10 (nearest rank)
		for (int i = 0; i < v.length; i++) v[i] = i;
		DataInfo d = DataStats.of(List.of(v), 16, true, "");
		assertEquals(0, d.min(), EPS);
		assertEquals(1000, d.max(), EPS);
		assertEquals(1, d.clipLow(), EPS);
		assertEquals(998, d.clipHigh(), EPS);
		assertEquals(500, d.mean(), EPS);
		assertEquals(Math.sqrt((1001.0 * 1001 - 1) / 12), d.std(), 1e-6); // population std of 0..n-1
		assertEquals("gray value", d.units());
	}

	@Test
	void imagesInOtherUnitsAreRefusedWithBothRanges() {
		DataInfo eight = new DataInfo(0, 255, 1, 250, "gray value", 8, true, 128, 50);
		float[] wide = new float[100];
		for (int i = 0; i < 100; i++) wide[i] = 4095f * i / 99; // 12-bit data in a 16-bit image
		ImageData d = new ImageData(List.of(wide), 10, 10, 16, "");
		String m = assertThrows(IllegalArgumentException.class, () -> DataStats.checkCompatible(eight, d, "cells", "m"))
				.getMessage();
		assertTrue(m.contains("trained on 8-bit data in [0, 255]"), m);
		assertTrue(m.contains("'cells' is 16-bit with values in [0, 4095]"), m);
		assertTrue(m.contains("87 % of its pixels lie outside [-255, 510]"), m);

		float[] fits = new float[100];
		for (int i = 0; i < 100; i++) fits[i] = 2.5f * i;
		String note = DataStats.checkCompatible(eight, new ImageData(List.of(fits), 10, 10, 16, ""), "ok", "m");
		assertTrue(note.contains("values fit that range"), note);
		assertEquals("", DataStats.checkCompatible(eight, new ImageData(List.of(fits), 10, 10, 8, ""), "ok", "m"));
	}
}
