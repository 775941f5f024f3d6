package org.ride.core.neighbourhood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** Spec §3.2 extraction against a naive reference; batch, random and reassembly consistency. */
class NeighbourhoodsTest {

	/** Distinct, exactly representable pixel values: v(x, y, c) = 10000c + 100y + x. */
	static float[] coded(int w, int h, int ch) {
		float[] p = new float[w * h * ch];
		for (int c = 0; c < ch; c++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) p[(c * h + y) * w + x] = 10000 * c + 100 * y + x;
		return p;
	}

	/** Naive spec §3.2 reference: window row-major with the spec's mask formula, channel-major. */
	static double[][] naiveInputs(float[] p, int w, int h, int ch, int nb) {
		int t = (nb + 1) / 2, gr = h - t + 1, gc = w - nb + 1;
		double[][] r = new double[gr * gc][];
		for (int i = 0; i < gr; i++)
			for (int j = 0; j < gc; j++) {
				java.util.ArrayList<Double> v = new java.util.ArrayList<>();
				for (int c = 0; c < ch; c++)
					for (int a = 0; a < t; a++)
						for (int b = 0; b < nb; b++)
							if (a < t - 1 || b < t - 1) v.add((double) p[(c * h + i + a) * w + j + b]);
				r[i * gc + j] = v.stream().mapToDouble(Double::doubleValue).toArray();
			}
		return r;
	}

	static double[][] naiveOutputs(float[] p, int w, int h, int ch, int nb) {
		int t = (nb + 1) / 2, gr = h - t + 1, gc = w - nb + 1;
		double[][] r = new double[gr * gc][ch];
		for (int i = 0; i < gr; i++)
			for (int j = 0; j < gc; j++)
				for (int c = 0; c < ch; c++) r[i * gc + j][c] = p[(c * h + i + t - 1) * w + j + t - 1];
		return r;
	}

	static void assertRows(double[][] expected, INDArray actual, String what) {
		assertEquals(expected.length, actual.rows(), what + " N");
		double[][] a = actual.toDoubleMatrix();
		for (int n = 0; n < expected.length; n++) assertArrayEquals(expected[n], a[n], 0, what + " sample " + n);
	}

	@Test
	void flatGridMatchesNaiveReference() {
		int w = 9, h = 7;
		for (int nb : new int[] { 3, 5, 7 })
			for (int ch = 1; ch <= 2; ch++)
				for (DataType t : new DataType[] { DataType.FLOAT, DataType.DOUBLE }) {
					float[] p = coded(w, h, ch);
					Neighbourhoods g = Neighbourhoods.grid(p, w, h, CausalMask.of(nb, ch), t);
					String what = "nb " + nb + " C " + ch + " " + t;
					assertEquals(t, g.inputs().dataType(), what);
					assertEquals('c', g.inputs().ordering(), what);
					assertEquals(h - (nb + 1) / 2 + 1, g.gridRows(), what);
					assertEquals(w - nb + 1, g.gridCols(), what);
					assertRows(naiveInputs(p, w, h, ch, nb), g.inputs(), what + " inputs");
					assertRows(naiveOutputs(p, w, h, ch, nb), g.outputs(), what + " outputs");
				}
	}

	@Test
	void firstNb5NeighbourhoodIsTheDrawnWindow() {
		Neighbourhoods g = Neighbourhoods.grid(coded(6, 4, 1), 6, 4, CausalMask.of(5), DataType.DOUBLE);
		assertArrayEquals(new double[] { 0, 1, 2, 3, 4, 100, 101, 102, 103, 104, 200, 201 },
			g.inputs().getRow(0).toDoubleVector(), 0);
		assertEquals(202, g.outputs().getDouble(0, 0), 0);
		assertEquals(303, g.outputs().getDouble(3, 0), 0); // (i, j) = (1, 1): rows of 2 positions
		assertArrayEquals(new long[] { 12, 4 }, g.inputs().transpose().shape());
	}

	@Test
	void imgLib2ImagesAndCropsMatchFlatArrays() {
		int w = 10, h = 8;
		float[] p1 = coded(w, h, 1), p3 = coded(w, h, 3);
		CausalMask m1 = CausalMask.of(5), m3 = CausalMask.of(5, 3);
		Img<FloatType> img1 = ArrayImgs.floats(p1.clone(), w, h);
		Img<FloatType> img3 = ArrayImgs.floats(p3.clone(), w, h, 3);
		assertEquals(Neighbourhoods.grid(p1, w, h, m1, DataType.FLOAT).inputs(),
			Neighbourhoods.grid(img1, m1, DataType.FLOAT).inputs());
		Neighbourhoods g3 = Neighbourhoods.grid(img3, m3, DataType.DOUBLE);
		assertRows(naiveInputs(p3, w, h, 3, 5), g3.inputs(), "3-channel RAI");
		assertRows(naiveOutputs(p3, w, h, 3, 5), g3.outputs(), "3-channel RAI outputs");
		// a crop view with a non-zero origin is the sub-image
		var crop = Views.interval(img1, new long[] { 2, 1 }, new long[] { 8, 6 }); // 7×6
		float[] sub = new float[7 * 6];
		for (int y = 0; y < 6; y++)
			for (int x = 0; x < 7; x++) sub[y * 7 + x] = p1[(y + 1) * w + x + 2];
		assertEquals(Neighbourhoods.grid(sub, 7, 6, m1, DataType.FLOAT).inputs(),
			Neighbourhoods.grid(crop, m1, DataType.FLOAT).inputs());
		// integer pixel types are read by value
		Img<UnsignedByteType> bytes = ArrayImgs.unsignedBytes(new byte[] { 0, 1, 2, (byte) 200, 4, 5 }, 3, 2);
		assertArrayEquals(new double[] { 0, 1, 2, (200) }, Neighbourhoods.grid(bytes, CausalMask.of(3),
			DataType.DOUBLE).inputs().getRow(0).toDoubleVector(), 0);
	}

	@Test
	void batchIsTheConcatenationOfGrids() {
		int w = 8, h = 6;
		CausalMask m = CausalMask.of(3, 2);
		Random r = new Random(3);
		float[][] imgs = new float[3][w * h * 2];
		for (float[] im : imgs)
			for (int k = 0; k < im.length; k++) im[k] = r.nextFloat();
		Neighbourhoods b = Neighbourhoods.batch(List.of(imgs), w, h, m, DataType.FLOAT);
		Neighbourhoods bi = Neighbourhoods.batch(List.of(ArrayImgs.floats(imgs[0], w, h, 2),
			ArrayImgs.floats(imgs[1], w, h, 2), ArrayImgs.floats(imgs[2], w, h, 2)), m, DataType.FLOAT);
		assertEquals(3, b.numImages());
		assertEquals(b.inputs(), bi.inputs());
		assertEquals(b.outputs(), bi.outputs());
		int per = b.gridRows() * b.gridCols();
		for (int i = 0; i < 3; i++) {
			Neighbourhoods g = Neighbourhoods.grid(imgs[i], w, h, m, DataType.FLOAT);
			assertEquals(g.inputs(), b.inputs().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i * per,
				(i + 1) * per), org.nd4j.linalg.indexing.NDArrayIndex.all()));
			assertEquals(g.outputs(), b.outputs().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i * per,
				(i + 1) * per), org.nd4j.linalg.indexing.NDArrayIndex.all()));
		}
	}

	@Test
	void randomPositionsAreDistinctSeededAndMatchTheGrid() {
		int w = 12, h = 9;
		float[] p = coded(w, h, 2);
		CausalMask m = CausalMask.of(5, 2);
		Neighbourhoods g = Neighbourhoods.grid(p, w, h, m, DataType.DOUBLE);
		NeighbourhoodSamples s = NeighbourhoodSamples.random(p, w, h, m, 40, new Random(11), DataType.DOUBLE);
		NeighbourhoodSamples s2 = NeighbourhoodSamples.random(ArrayImgs.floats(p.clone(), w, h, 2), m, 40,
			new Random(11), DataType.DOUBLE);
		assertEquals(s.inputs(), s2.inputs());
		Set<Integer> seen = new HashSet<>();
		boolean sorted = true;
		int prev = -1;
		for (int n = 0; n < 40; n++) {
			int k = s.gridRow()[n] * g.gridCols() + s.gridCol()[n];
			assertTrue(seen.add(k), "position drawn twice: " + k);
			assertEquals(g.inputs().getRow(k), s.inputs().getRow(n));
			assertEquals(g.outputs().getRow(k), s.outputs().getRow(n));
			sorted &= k > prev;
			prev = k;
		}
		assertFalse(sorted, "positions should come in random order");
		// all positions: a permutation of the grid
		int all = g.gridRows() * g.gridCols();
		assertEquals(all, NeighbourhoodSamples.random(p, w, h, m, all, new Random(1), DataType.FLOAT).numSamples());
	}

	@Test
	void perImageBudgetOverSeveralImages() {
		CausalMask m = CausalMask.of(3);
		var small = ArrayImgs.floats(coded(4, 3, 1), 4, 3); // grid 2×2 = 4 positions
		var large = ArrayImgs.floats(coded(10, 8, 1), 10, 8); // grid 7×8 = 56 positions
		NeighbourhoodSamples s = NeighbourhoodSamples.random(List.of(large, small, large), m, 10, new Random(5),
			DataType.FLOAT);
		assertEquals(24, s.numSamples());
		int[] img = s.image();
		assertEquals(0, img[0]);
		assertEquals(1, img[10]);
		assertEquals(1, img[13]);
		assertEquals(2, img[14]);
		for (int n = 0; n < 24; n++) {
			int wid = img[n] == 1 ? 4 : 10;
			// output pixel value 100y + x at (gridRow + 1, gridCol + 1)
			assertEquals(100 * (s.gridRow()[n] + 1) + s.gridCol()[n] + 1, s.outputs().getDouble(n, 0), 0);
			assertTrue(s.gridCol()[n] < wid - 2);
		}
	}

	@Test
	void reassemblyPlacesValuesAtOutputPixels() {
		CausalMask m = CausalMask.of(5);
		int gr = 4, gc = 3, w = gc + 4, h = gr + 2;
		float[] v = new float[1 + gr * gc];
		for (int k = 0; k < gr * gc; k++) v[1 + k] = k;
		float[] map = Neighbourhoods.toImageMap(v, 1, gr, gc, m);
		assertEquals(w * h, map.length);
		int nan = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int i = y - 2, j = x - 2;
				if (i >= 0 && i < gr && j >= 0 && j < gc) assertEquals(i * gc + j, map[y * w + x], 0);
				else {
					assertTrue(Float.isNaN(map[y * w + x]), "(" + x + "," + y + ")");
					nan++;
				}
			}
		assertEquals(w * h - gr * gc, nan);
		float[] fromNd = Neighbourhoods.toImageMap(Nd4j.createFromArray(java.util.Arrays.copyOfRange(v, 1, v.length))
			.reshape(gr * gc, 1), gr, gc, m);
		assertArrayEquals(map, fromNd, 0);
		// grid output i*W'+j round-trips through the image: the extracted outputs land where they came from
		float[] p = coded(w, h, 1);
		Neighbourhoods g = Neighbourhoods.grid(p, w, h, m, DataType.FLOAT);
		float[] back = Neighbourhoods.toImageMap(g.outputs(), gr, gc, m);
		for (int k = 0; k < w * h; k++) assertTrue(Float.isNaN(back[k]) || back[k] == p[k], "pixel " + k);
	}
}
