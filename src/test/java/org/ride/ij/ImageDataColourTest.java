package org.ride.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;
import org.ride.io.DataInfo;
import org.ride.io.DataInfo.Colour;

/** How colour images become RIDE data when read jointly: channel planes, per-channel dequantisation, positions. */
class ImageDataColourTest {

	@Test
	void rgbReadJointlyIsThreeDequantisedPlanesRedGreenBlue() {
		ColorProcessor cp = new ColorProcessor(4, 3);
		for (int i = 0; i < 12; i++) cp.set(i, (10 + i) << 16 | (100 + i) << 8 | (200 + i));
		ImageData d = ImageData.of(new ImagePlus("rgb", cp), new Roi(1, 0, 3, 3), 5, Colour.JOINT, false);
		assertEquals(3, d.channels());
		assertEquals(Colour.JOINT, d.colour());
		assertEquals(ImageData.RGB, d.channelNames());
		assertEquals(1, d.slices().size());
		assertEquals(3 * 9, d.slices().get(0).length);
		for (int c = 0; c < 3; c++) {
			float[] v = d.plane(0, c);
			for (int p = 0; p < 9; p++) {
				int src = (p / 3) * 4 + p % 3 + 1, want = new int[] { 10, 100, 200 }[c] + src;
				assertTrue(v[p] >= want && v[p] < want + 1, "channel " + c + " pixel " + p + " = " + v[p]);
			}
		}
		// channels get their own noise: the fractional parts differ between planes
		assertTrue(d.plane(0, 0)[0] - 11 != d.plane(0, 1)[0] - 101);
		assertEquals("", d.note());
		DataInfo info = DataStats.of(d, "gray value");
		assertEquals(Colour.JOINT, info.colour());
		assertTrue(info.channels().get(2).min() >= 201 && info.channels().get(0).max() < 22);
	}

	@Test
	void aCompositeGivesOneImagePerSliceWithItsChannelsAndLuminanceKeepsTheOldReading() {
		ImageStack st = new ImageStack(3, 2);
		for (int z = 0; z < 2; z++)
			for (int c = 0; c < 2; c++) {
				ShortProcessor sp = new ShortProcessor(3, 2);
				for (int i = 0; i < 6; i++) sp.set(i, 1000 * (c + 1) + 100 * z + i);
				st.addSlice(sp);
			}
		ImagePlus imp = new ImagePlus("hyper", st);
		imp.setDimensions(2, 2, 1); // c, z, t; stack order c fastest
		ImageData d = ImageData.of(imp, null, 0, Colour.JOINT, false);
		assertEquals(2, d.channels());
		assertEquals(List.of("channel 1", "channel 2"), d.channelNames());
		assertEquals(2, d.slices().size());
		assertEquals(2100, Math.floor(d.plane(1, 1)[0]));
		imp.setPosition(1, 2, 1);
		ImageData cur = ImageData.of(imp, null, 0, Colour.JOINT, true);
		assertEquals(1, cur.slices().size());
		assertEquals(1105, Math.floor(cur.plane(0, 0)[5]));
		ImageData old = ImageData.of(imp, null, 0);
		assertEquals(1, old.channels());
		assertEquals(4, old.slices().size(), "luminance reading: every plane is a gray image, as before");
	}
}
