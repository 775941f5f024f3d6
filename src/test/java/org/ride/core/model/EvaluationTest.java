package org.ride.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

class EvaluationTest {

	@Test
	void theCommonPixelSetOfA64CropIsTheCentral60x60() {
		boolean[] common = Evaluation.commonPixels(CausalMask.of(5), 64);
		for (int y = 0; y < 64; y++)
			for (int x = 0; x < 64; x++)
				assertEquals(y >= 2 && y <= 61 && x >= 2 && x <= 61, common[y * 64 + x], x + "," + y);
	}

	@Test
	void splitGivesNonOverlappingCropsInRowMajorOrder() {
		float[] img = new float[5 * 4];
		for (int i = 0; i < img.length; i++) img[i] = i;
		List<float[]> crops = Evaluation.split(img, 1, 5, 4, 2); // 2×2 crops of 2×2, last column dropped
		assertEquals(4, crops.size());
		assertEquals(List.of(0f, 1f, 5f, 6f), List.of(crops.get(0)[0], crops.get(0)[1], crops.get(0)[2], crops.get(0)[3]));
		assertEquals(2f, crops.get(1)[0]);
		assertEquals(10f, crops.get(2)[0]);
		assertThrows(IllegalArgumentException.class, () -> Evaluation.split(img, 1, 5, 4, 8));
	}

	@Test
	void cropAndEnsembleScoresMatchAnIndependentComputationFromLikelihoodMaps() {
		int size = 12;
		List<float[]> train = RideTest.images(4, size, size, 21), test = RideTest.images(3, size, size, 22);
		Ride m = RideTest.fitted(RideConfig.tiny(), DataType.DOUBLE, train, size, size);
		Evaluation.Result plain = Evaluation.crops(m, test, size, Progress.NONE, CancelToken.NONE);
		Evaluation.Result eo = Evaluation.ensemble(m, test, size, Progress.NONE, CancelToken.NONE);
		for (int c = 0; c < test.size(); c++) {
			LogLikelihoodMap map = LogLikelihoodMap.compute(m, test.get(c), size, size, 100, Progress.NONE, CancelToken.NONE);
			assertEquals(map.meanBitsPerPixel(1), plain.perCrop()[c], 1e-5);
			double[] l = new double[8];
			for (Symmetry t : Symmetry.values()) {
				float[] tm = LogLikelihoodMap.compute(m, t.apply(test.get(c), size, size), size, size, 100, Progress.NONE,
					CancelToken.NONE).nats();
				float[] back = t.invert(tm, size, size);
				for (int y = 2; y < size - 2; y++)
					for (int x = 2; x < size - 2; x++) l[t.ordinal()] += back[y * size + x];
			}
			double max = Double.NEGATIVE_INFINITY, s = 0;
			for (double v : l) max = Math.max(max, v);
			for (double v : l) s += Math.exp(v - max);
			double expected = (max + Math.log(s) - Math.log(8)) / ((size - 4) * (size - 4)) / Math.log(2);
			assertEquals(expected, eo.perCrop()[c], 1e-5, "crop " + c);
			assertTrue(eo.perCrop()[c] <= max / ((size - 4) * (size - 4)) / Math.log(2) + 1e-9);
		}
		assertTrue(plain.standardError() > 0);
	}
}
