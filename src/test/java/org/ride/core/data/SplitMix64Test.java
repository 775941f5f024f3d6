package org.ride.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** SplitMix64 against the published outputs of Vigna's splitmix64.c and the recipe's formulas. */
class SplitMix64Test {

	@Test
	void seedZeroGivesThePublishedReferenceOutputs() {
		// Vigna's splitmix64.c with x = 0 (the increment is applied before mixing); the same three
		// words appear as the xoshiro seeding example in many independent code bases.
		SplitMix64 rng = new SplitMix64(0);
		assertEquals(0xE220A8397B1DCDAFL, rng.nextLong());
		assertEquals(0x6E789E6AA1B965F4L, rng.nextLong());
		assertEquals(0x06C45D188009454FL, rng.nextLong());
		assertEquals(0xF88BB8A8724C81ECL, rng.nextLong());
	}

	@Test
	void firstImageSeedMatchesTheIndependentPythonReference() {
		// scripts/deadleaves_reference.py, SplitMix64(0x5EED0000).
		SplitMix64 rng = new SplitMix64(0x5EED_0000L);
		assertEquals(0x1CC152E47D174D3CL, rng.nextLong());
		assertEquals(0x7F9B63DBEFC71284L, rng.nextLong());
		assertEquals(0xD048E398E6EDEB3EL, rng.nextLong());
	}

	@Test
	void doubleIsTheTop53BitsTimesTwoToTheMinus53() {
		SplitMix64 rng = new SplitMix64(0);
		// 53-bit integer / 2^53, both exact in a double; the decimal value is from Python.
		double expected = (double) (0xE220A8397B1DCDAFL >>> 11) / 9007199254740992.0;
		assertEquals(expected, rng.nextDouble(), 0.0);
		assertEquals(0.8833108082136426, expected, 0.0);
	}

	@Test
	void stateAdvancesByGammaPerStep() {
		SplitMix64 rng = new SplitMix64(42);
		for (int k = 0; k < 5; k++)
			rng.nextDouble();
		assertEquals(42 + 5 * SplitMix64.GAMMA, rng.state());
	}
}
