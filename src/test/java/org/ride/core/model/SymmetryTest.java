package org.ride.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SymmetryTest {

	// 2×3 image  0 1 2 / 3 4 5
	private static final float[] IMG = { 0, 1, 2, 3, 4, 5 };

	@Test
	void eachTransformMatchesItsDefinitionOnAKnownImage() {
		assertArrayEquals(new float[] { 2, 1, 0, 5, 4, 3 }, Symmetry.FLIP_H.apply(IMG, 2, 3));
		assertArrayEquals(new float[] { 3, 4, 5, 0, 1, 2 }, Symmetry.FLIP_V.apply(IMG, 2, 3));
		assertArrayEquals(new float[] { 5, 4, 3, 2, 1, 0 }, Symmetry.FLIP_HV.apply(IMG, 2, 3));
		assertArrayEquals(new float[] { 0, 3, 1, 4, 2, 5 }, Symmetry.TRANSPOSE.apply(IMG, 2, 3));
		assertEquals(3, Symmetry.TRANSPOSE.height(2, 3));
	}

	@Test
	void theEightTransformsAreDistinctAndInvertible() {
		Set<String> seen = new HashSet<>();
		for (Symmetry s : Symmetry.values()) {
			float[] t = s.apply(IMG, 2, 3);
			seen.add(java.util.Arrays.toString(t));
			assertArrayEquals(IMG, s.invert(t, 2, 3), s.name());
		}
		assertEquals(8, seen.size());
	}
}
