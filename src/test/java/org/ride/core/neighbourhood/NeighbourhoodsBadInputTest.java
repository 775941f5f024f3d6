package org.ride.core.neighbourhood;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import net.imglib2.img.array.ArrayImgs;

/** Every bad input is rejected with a message that names the problem, the values and the fix. */
class NeighbourhoodsBadInputTest {

	private static String fails(Runnable r) {
		return assertThrows(IllegalArgumentException.class, r::run).getMessage();
	}

	private static void contains(String msg, String... parts) {
		for (String p : parts) assertTrue(msg.contains(p), "'" + p + "' missing in: " + msg);
	}

	@Test
	void imageSmallerThanMask() {
		CausalMask m = CausalMask.of(5);
		contains(fails(() -> Neighbourhoods.grid(new float[4 * 10], 4, 10, m, DataType.FLOAT)), "4×10", "3×5",
			"nb_size=5", "nb_size=3", "larger image");
		contains(fails(() -> Neighbourhoods.grid(ArrayImgs.floats(7, 2), m, DataType.FLOAT)), "7×2", "nb_size=3");
	}

	@Test
	void nonFinitePixelIsLocated() {
		float[] p = new float[8 * 6 * 2];
		p[(1 * 6 + 4) * 8 + 3] = Float.NaN; // x=3, y=4, c=1
		contains(fails(() -> Neighbourhoods.grid(p, 8, 6, CausalMask.of(3, 2), DataType.FLOAT)), "NaN", "x=3",
			"y=4", "c=1");
		var img = ArrayImgs.floats(8, 6);
		img.randomAccess().setPositionAndGet(5, 2).set(Float.POSITIVE_INFINITY);
		var crop = net.imglib2.view.Views.interval(img, new long[] { 1, 1 }, new long[] { 7, 5 });
		contains(fails(() -> Neighbourhoods.grid(crop, CausalMask.of(3), DataType.DOUBLE)), "Infinity", "x=5",
			"y=2");
	}

	@Test
	void wrongDimensionality() {
		contains(fails(() -> Neighbourhoods.grid(ArrayImgs.floats(20), CausalMask.of(3), DataType.FLOAT)),
			"1 dimensions", "2-D");
		contains(fails(() -> Neighbourhoods.grid(ArrayImgs.floats(8, 8, 1, 2), CausalMask.of(3), DataType.FLOAT)),
			"4 dimensions");
	}

	@Test
	void channelMismatch() {
		contains(fails(() -> Neighbourhoods.grid(ArrayImgs.floats(8, 8, 3), CausalMask.of(5), DataType.FLOAT)),
			"3 channel", "made for 1", "CausalMask.of(nb_size, 3)");
		contains(fails(() -> Neighbourhoods.grid(new float[64], 8, 8, CausalMask.of(5, 2), DataType.FLOAT)),
			"64 values", "128");
	}

	@Test
	void batchAndSampleCounts() {
		CausalMask m = CausalMask.of(3);
		contains(fails(() -> Neighbourhoods.batch(List.of(ArrayImgs.floats(8, 8), ArrayImgs.floats(9, 8)), m,
			DataType.FLOAT)), "image 1", "9×8", "8×8");
		contains(fails(() -> Neighbourhoods.batch(List.<float[]>of(), 8, 8, m, DataType.FLOAT)), "no images");
		contains(fails(() -> NeighbourhoodSamples.random(new float[16], 4, 4, m, 7, new Random(1), DataType.FLOAT)),
			"numSamples is 7", "6 grid positions");
		contains(fails(() -> Neighbourhoods.grid(new float[16], 4, 4, m, DataType.INT32)), "FLOAT or DOUBLE");
		contains(fails(() -> Neighbourhoods.toImageMap(new float[5], 0, 2, 3, m)), "6 values", "5 were");
	}
}
