package org.ride.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Polygon;

import org.junit.jupiter.api.Test;

import ij.gui.Line;
import ij.gui.OvalRoi;
import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.gui.ShapeRoi;

class RoiMasksTest {

	@Test
	void rectangleCoversItsBoundsExactly() {
		boolean[] m = RoiMasks.of(new Roi(2, 3, 4, 5), 10, 10);
		assertEquals(20, RoiMasks.count(m));
		assertTrue(m[3 * 10 + 2] && m[7 * 10 + 5]);
		assertFalse(m[8 * 10 + 5]);
	}

	@Test
	void ovalPolygonFreehandAndCompositeShapesFollowTheirOutline() {
		boolean[] oval = RoiMasks.of(new OvalRoi(0, 0, 10, 10), 10, 10);
		assertTrue(oval[5 * 10 + 5]);
		assertFalse(oval[0], "the corner of an oval's box is outside");
		int n = RoiMasks.count(oval);
		assertTrue(n > 70 && n < 90, "about π·25 pixels, got " + n);
		Polygon tri = new Polygon(new int[] { 0, 10, 0 }, new int[] { 0, 0, 10 }, 3);
		boolean[] poly = RoiMasks.of(new PolygonRoi(tri, Roi.POLYGON), 10, 10);
		assertTrue(poly[1 * 10 + 1] && !poly[9 * 10 + 9]);
		boolean[] free = RoiMasks.of(new PolygonRoi(tri, Roi.FREEROI), 10, 10);
		assertEquals(RoiMasks.count(poly), RoiMasks.count(free));
		ShapeRoi both = new ShapeRoi(new Roi(0, 0, 2, 2)).or(new ShapeRoi(new Roi(6, 6, 2, 2)));
		boolean[] comp = RoiMasks.of(both, 10, 10);
		assertEquals(8, RoiMasks.count(comp));
		assertFalse(comp[4 * 10 + 4], "the gap between the parts is not selected");
	}

	@Test
	void aSelectionBeyondEveryBorderIsClippedAndAOnePixelSelectionWorks() {
		boolean[] m = RoiMasks.of(new Roi(-3, -3, 16, 16), 10, 10);
		assertEquals(100, RoiMasks.count(m));
		assertEquals(1, RoiMasks.count(RoiMasks.of(new Roi(9, 9, 1, 1), 10, 10)));
	}

	@Test
	void noSelectionALineOrAnOutsideSelectionIsRefusedWithTheFix() {
		var e = assertThrows(IllegalArgumentException.class, () -> RoiMasks.of(null, 10, 10));
		assertTrue(e.getMessage().contains("select the region"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> RoiMasks.of(new Line(0, 0, 5, 5), 10, 10));
		assertTrue(e.getMessage().contains("not an area"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> RoiMasks.of(new Roi(20, 20, 3, 3), 10, 10));
		assertTrue(e.getMessage().contains("covers no pixel"), e.getMessage());
	}
}
