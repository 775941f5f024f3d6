package org.ride.core.sample;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.model.Ride;
import org.ride.core.nd.NdInit;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

/**
 * Reference sampler (spec §7.7): visits grid positions one at a time in raster order (image by image, row by
 * row, left to right), exactly as the original does. Slow — tens of ND4J calls per pixel — and kept as the
 * readable definition that {@link WavefrontSampler} is tested against.
 * <p>
 * State store per layer: h and c, 'c' [B·(R+1)·(C+1), H], row ((b·(R+1) + i+1)·(C+1) + j+1) for grid position
 * (b, i, j); row and column index −1 are never written and stay zero (spec §5.1, pitfall 27).
 */
public final class RasterSampler {

	private RasterSampler() {}

	/**
	 * Samples into copies of {@code images} (each [(c·height + y)·width + x], in data units; not modified).
	 *
	 * @throws IllegalArgumentException on images/options that do not fit the model
	 * @throws java.util.concurrent.CancellationException if {@code cancel} fires (checked once per grid row)
	 */
	public static Samples sample(Ride model, List<float[]> images, int width, int height, SampleOptions options,
		Progress progress, CancelToken cancel) {
		NdInit.ensure();
		Canvas cv = new Canvas(model.mask(), images, width, height, options);
		BlockStep engine = new BlockStep(model, cv, 1);
		int layers = engine.numLayers(), hid = model.config().numHiddens();
		int rs = cv.gridRows + 1, cs = cv.gridCols + 1;
		long rowsTotal = (long) cv.batch * rs * cs;
		DataBuffer[] hs = new DataBuffer[layers], cst = new DataBuffer[layers];
		for (int l = 0; l < layers; l++) {
			hs[l] = Nd4j.createBuffer(model.dataType(), rowsTotal * hid, true);
			cst[l] = Nd4j.createBuffer(model.dataType(), rowsTotal * hid, true);
		}
		int[] pb = new int[1], pi = new int[1], pj = new int[1];
		BlockStep.LayerStates[] st = new BlockStep.LayerStates[layers];
		for (int b = 0; b < cv.batch; b++)
			for (int i = 0; i < cv.gridRows; i++) {
				cancel.throwIfCancelled();
				progress.report("sampling (raster)", (long) b * cv.gridRows + i, (long) cv.batch * cv.gridRows,
					"image " + (b + 1) + ", row " + i);
				for (int j = 0; j < cv.gridCols; j++) {
					pb[0] = b;
					pi[0] = i;
					pj[0] = j;
					long own = ((long) (b * rs + i + 1) * cs + j + 1) * hid, left = own - hid, top = own - (long) cs * hid;
					for (int l = 0; l < layers; l++)
						st[l] = new BlockStep.LayerStates(row(hs[l], left, hid, model), row(cst[l], left, hid, model),
							row(hs[l], top, hid, model), row(cst[l], top, hid, model), row(hs[l], own, hid, model),
							row(cst[l], own, hid, model));
					engine.run(1, pb, pi, pj, st);
				}
			}
		engine.finishLogq();
		progress.report("sampling (raster)", (long) cv.batch * cv.gridRows, (long) cv.batch * cv.gridRows, "done");
		return cv.result();
	}

	private static INDArray row(DataBuffer buf, long off, int hid, Ride model) {
		return Nd4j.create(buf, new long[] {1, hid}, new long[] {hid, 1}, off, 'c', model.dataType());
	}
}
