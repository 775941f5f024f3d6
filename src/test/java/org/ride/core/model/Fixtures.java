package org.ride.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.whitening.Whitening;

/** Test data shared by the model, sampling and inpainting tests. */
public final class Fixtures {

	private Fixtures() {}

	/** Smooth random images: a product of sinusoids plus noise, so the whitening is well conditioned. */
	public static List<float[]> images(int n, int w, int h, long seed) {
		Random r = new Random(seed);
		List<float[]> list = new ArrayList<>();
		for (int b = 0; b < n; b++) {
			float[] im = new float[w * h];
			double fx = 0.3 + r.nextDouble(), fy = 0.2 + r.nextDouble();
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					im[y * w + x] = (float) (Math.sin(fx * x) * Math.cos(fy * y) + 0.3 * r.nextGaussian());
			list.add(im);
		}
		return list;
	}

	/** Fits {@code m}'s whitening on equally sized images and returns {@code m}. */
	public static Ride withWhitening(Ride m, List<float[]> imgs, int w, int h) {
		Neighbourhoods nb = Neighbourhoods.batch(imgs, w, h, m.mask(), DataType.DOUBLE);
		m.setWhitening(Whitening.fit(nb.inputs().transpose(), nb.outputs().transpose()));
		return m;
	}
}
