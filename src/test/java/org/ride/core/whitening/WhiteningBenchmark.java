package org.ride.core.whitening;

import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ride.core.nd.NdInit;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.neighbourhood.Neighbourhoods;

/**
 * Timing main (not a test): grid extraction of a 512×512 image (nb 5, FLOAT), a whitening fit on it
 * (≈ 260k samples) and the forward maps on the [d, N] 'f' views of the extracted arrays. Best of 5.
 */
public class WhiteningBenchmark {

	public static void main(String[] args) {
		NdInit.ensure();
		int w = 512, h = 512;
		Random r = new Random(1);
		float[] img = new float[w * h];
		for (int y = 0; y < h; y++) // smooth texture plus noise so the covariance is well conditioned
			for (int x = 0; x < w; x++) img[y * w + x] = (float) (Math.sin(x * 0.1) * Math.cos(y * 0.07) + 0.1 * r.nextGaussian());
		CausalMask m = CausalMask.of(5);
		long[] best = { Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE };
		for (int rep = 0; rep < 5; rep++) {
			long t0 = System.nanoTime();
			Neighbourhoods g = Neighbourhoods.grid(img, w, h, m, DataType.FLOAT);
			long t1 = System.nanoTime();
			INDArray x = g.inputs().transpose(), y = g.outputs().transpose();
			Whitening wh = Whitening.fit(x, y, Whitening.DEFAULT_MAX_SAMPLES, new Random(2));
			long t2 = System.nanoTime();
			Whitening.Pair p = wh.forward(x, y);
			p.y().getDouble(0);
			long t3 = System.nanoTime();
			best[0] = Math.min(best[0], t1 - t0);
			best[1] = Math.min(best[1], t2 - t1);
			best[2] = Math.min(best[2], t3 - t2);
		}
		long n = (long) (h - 2) * (w - 4);
		System.out.printf("N = %d samples, d_in = %d%n", n, m.numInputs());
		System.out.printf("grid extraction : %7.1f ms (%.1f ns/sample)%n", best[0] / 1e6, (double) best[0] / n);
		System.out.printf("whitening fit   : %7.1f ms%n", best[1] / 1e6);
		System.out.printf("forward (x̃, ỹ) : %7.1f ms (%.1f ns/sample)%n", best[2] / 1e6, (double) best[2] / n);
	}
}
