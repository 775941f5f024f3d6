package org.ride.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;

import org.junit.jupiter.api.Test;
import org.ride.core.data.DeadLeaves;
import org.ride.core.data.DeadLeavesImage;

/**
 * Regression guard: the committed {@code sample-images/deadleaves-000{0,1}.png} equal what the DL-256
 * generator produces today, and the skimage samples are the 512×512 gray8 files ATTRIBUTION.md lists.
 */
class DeadLeavesSampleImagesTest {

	private static final File DIR = new File("sample-images"); // surefire runs in the project root

	@Test
	void committedDeadLeavesSamplesEqualTheGenerator() throws Exception {
		DeadLeaves gen = DeadLeaves.dl256();
		for (int i = 0; i < 2; i++) {
			DeadLeavesPng.Gray8 png = DeadLeavesPng.read(new File(DIR, String.format("deadleaves-%04d.png", i)));
			DeadLeavesImage im = gen.generate(i);
			assertEquals(256, png.width());
			assertEquals(256, png.height());
			assertArrayEquals(im.pixels(), png.pixels(),
				"sample-images/deadleaves-000" + i + ".png differs from DL-256 image " + i);
		}
	}

	@Test
	void skimageSamplesAreFullSizeGray8() throws Exception {
		for (String name : new String[] { "grass", "gravel", "brick", "camera" }) {
			DeadLeavesPng.Gray8 png = DeadLeavesPng.read(new File(DIR, name + ".png")); // throws unless 1 band × 8 bit
			assertEquals(512, png.width(), name);
			assertEquals(512, png.height(), name);
		}
		assertTrue(new File(DIR, "ATTRIBUTION.md").isFile());
	}
}
