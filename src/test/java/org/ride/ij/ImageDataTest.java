package org.ride.ij;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.OvalRoi;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

class ImageDataTest {

	@Test
	void integerImagesAreDequantisedWithinTheirBinAndReproducibly() {
		ShortProcessor sp = new ShortProcessor(4, 3);
		for (int i = 0; i < 12; i++) sp.set(i, 1000 + 7 * i);
		ImagePlus imp = new ImagePlus("s", sp);
		ImageData a = ImageData.of(imp, null, 5), b = ImageData.of(imp, null, 5), c = ImageData.of(imp, null, 6);
		assertEquals(16, a.bitDepth());
		float[] v = a.slices().get(0);
		for (int i = 0; i < 12; i++) assertTrue(v[i] >= 1000 + 7 * i && v[i] < 1001 + 7 * i, "pixel " + i + " = " + v[i]);
		assertArrayEquals(v, b.slices().get(0));
		assertTrue(v[0] != c.slices().get(0)[0]);
		assertEquals(1000 + 7 * 5, sp.get(5), "the input image is not modified");
	}

	@Test
	void floatImagesAreUsedAsTheyAreAndStacksGiveOneImagePerSlice() {
		ImageStack st = new ImageStack(3, 2);
		st.addSlice(new FloatProcessor(3, 2, new float[] { 1, 2, 3, 4, 5, 6 }));
		st.addSlice(new FloatProcessor(3, 2, new float[] { 6, 5, 4, 3, 2, 1 }));
		ImageData d = ImageData.of(new ImagePlus("st", st), null, 0);
		assertEquals(2, d.slices().size());
		assertArrayEquals(new float[] { 6, 5, 4, 3, 2, 1 }, d.slices().get(1));
		assertEquals(32, d.bitDepth());
	}

	@Test
	void rgbBecomesLuminanceWithANoteAndARoiCropsToItsBounds() {
		ColorProcessor cp = new ColorProcessor(4, 4);
		cp.set(1, 1, (200 << 16) | (100 << 8) | 50);
		ImageData d = ImageData.of(new ImagePlus("rgb", cp), new Roi(1, 1, 2, 2), 0);
		assertEquals(2, d.width());
		assertEquals(2, d.height());
		double y = 0.299 * 200 + 0.587 * 100 + 0.114 * 50; // 124.2 → 124
		assertTrue(d.slices().get(0)[0] >= 124 && d.slices().get(0)[0] < 125, "" + d.slices().get(0)[0] + " vs " + y);
		assertTrue(d.note().contains("RGB"));
		ImageData oval = ImageData.of(new ImagePlus("b", new ByteProcessor(10, 10)), new OvalRoi(2, 3, 4, 5), 0);
		assertEquals(4, oval.width());
		assertEquals(5, oval.height());
	}

	@Test
	void anEmptySelectionOrNoImageIsRefusedWithTheFix() {
		ImagePlus imp = new ImagePlus("b", new ByteProcessor(10, 10));
		var e = assertThrows(IllegalArgumentException.class, () -> ImageData.of(imp, new Roi(20, 20, 3, 3), 0));
		assertTrue(e.getMessage().contains("Select None"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> ImageData.of(null, null, 0));
	}
}
