package org.ride.core.neighbourhood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Spec §3.1 mask table, the drawn nb=5 mask and the mask definition for all widths. */
class CausalMaskTest {

	@Test
	void tableOfSpec() {
		// nb_size, rows, cols, inputs (one channel), output offset
		int[][] table = { { 3, 2, 3, 4, 1 }, { 5, 3, 5, 12, 2 }, { 7, 4, 7, 24, 3 }, { 9, 5, 9, 40, 4 } };
		for (int[] r : table)
			for (int c = 1; c <= 2; c++) {
				CausalMask m = CausalMask.of(r[0], c);
				String what = "nb " + r[0] + " C " + c;
				assertEquals(r[1], m.rows(), what);
				assertEquals(r[2], m.cols(), what);
				assertEquals(r[3], m.numInputsPerChannel(), what);
				assertEquals(c * r[3], m.numInputs(), what);
				assertEquals(r[4], m.iOff(), what);
				assertEquals(r[4], m.jOff(), what);
				assertEquals(c, m.numChannels(), what);
				assertEquals(c, m.inputMasks().length, what);
			}
	}

	@Test
	void drawnNb5Mask() {
		String[] drawn = { "1 1 1 1 1", "1 1 1 1 1", "1 1 O . ." };
		CausalMask m = CausalMask.of(5);
		boolean[][] in = m.inputMask();
		boolean[][] out = m.outputMask();
		for (int r = 0; r < 3; r++) {
			String[] cells = drawn[r].split(" ");
			for (int c = 0; c < 5; c++) {
				assertEquals(cells[c].equals("1"), in[r][c], "input (" + r + "," + c + ")");
				assertEquals(cells[c].equals("O"), out[r][c], "output (" + r + "," + c + ")");
			}
		}
		assertTrue(m.toString().contains("1 1 O . ."), m.toString());
	}

	@Test
	void definitionHoldsForAllOddWidths() {
		for (int n = 3; n <= 15; n += 2) {
			CausalMask m = CausalMask.of(n, 3);
			int t = (n + 1) / 2, count = 0;
			for (int r = 0; r < m.rows(); r++)
				for (int c = 0; c < m.cols(); c++) {
					boolean expected = r <= t - 2 || (r == t - 1 && c <= t - 2);
					assertEquals(expected, m.isInput(r, c), "n " + n + " (" + r + "," + c + ")");
					if (expected) count++;
				}
			assertEquals(count, m.numInputsPerChannel());
			assertEquals(3 * count, m.numInputs());
			// the output pixel is located from the output mask, not assumed on the diagonal
			boolean[][] out = m.outputMask();
			assertTrue(out[m.iOff()][m.jOff()]);
			assertTrue(!m.isInput(m.iOff(), m.jOff()));
		}
	}

	@Test
	void masksAreDefensiveCopies() {
		CausalMask m = CausalMask.of(3);
		m.inputMask()[0][0] = false;
		assertTrue(m.isInput(0, 0));
		assertArrayEquals(new boolean[] { true, true, true }, m.inputMask()[0]);
	}

	@Test
	void evenOrTooSmallWidthIsRejected() {
		for (int n : new int[] { 4, 2, 1, 0, -3 }) {
			String msg = assertThrows(IllegalArgumentException.class, () -> CausalMask.of(n)).getMessage();
			assertTrue(msg.contains("nb_size is " + n) && msg.contains("odd"), msg);
		}
		assertThrows(IllegalArgumentException.class, () -> CausalMask.of(5, 0));
	}

	@Test
	void tooSmallImageNamesSizesAndFix() {
		CausalMask m = CausalMask.of(5);
		String msg = assertThrows(IllegalArgumentException.class, () -> m.requireFits(4, 10)).getMessage();
		assertTrue(msg.contains("4×10") && msg.contains("3×5") && msg.contains("nb_size=3"), msg);
		msg = assertThrows(IllegalArgumentException.class, () -> m.requireFits(10, 2)).getMessage();
		assertTrue(msg.contains("10×2") && msg.contains("nb_size=3"), msg);
		msg = assertThrows(IllegalArgumentException.class, () -> m.requireFits(2, 2)).getMessage();
		assertTrue(msg.contains("larger image") && !msg.contains(" or nb_size"), msg);
		assertEquals(6, m.gridRows(5, 8));
		assertEquals(1, m.gridCols(5, 8));
	}
}
