package org.ride.core.model;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

/**
 * The evaluation protocols of the paper on square crops (spec §8.2, §8.3): every image is split into
 * non-overlapping {@code size×size} crops (64 in the paper); the LSTM starts fresh in every crop.
 * <ul>
 * <li>{@link #crops}: per crop, the mean log-likelihood over its reachable pixels (62×60 for 64×64, nb 5);</li>
 * <li>{@link #ensemble}: per crop, the mixture over the 8 symmetries of the square,
 * log p = LSE_t(L_t) − log 8 with L_t the summed log-likelihood of the pixels reachable under every
 * transform (the central 60×60 for 64×64), mixed per crop, not per pixel (pitfall 18).</li>
 * </ul>
 * Results are log-likelihoods in bits per pixel and channel, Jacobian included: higher is better.
 */
public final class Evaluation {

	/** Crops per LSTM batch: bounds memory (≈ 10 MB per 64×64 crop at H = 64). */
	private static final int CROPS_PER_BATCH = 16;

	private Evaluation() {}

	/** Per-crop results: mean and standard error over crops, in bits/px (log-likelihood). */
	public record Result(double[] perCrop) {
		public double mean() {
			double s = 0;
			for (double v : perCrop) s += v;
			return s / perCrop.length;
		}

		public double standardError() {
			int n = perCrop.length;
			if (n < 2) return Double.NaN;
			double m = mean(), s = 0;
			for (double v : perCrop) s += (v - m) * (v - m);
			return Math.sqrt(s / (n - 1) / n);
		}
	}

	/** Non-overlapping size×size crops of one image (row-major crop order), layout (c·H + y)·W + x. */
	public static List<float[]> split(float[] image, int channels, int width, int height, int size) {
		if (width < size || height < size) throw new IllegalArgumentException("the image is " + width + "×" + height
			+ " but the protocol needs " + size + "×" + size + " crops; use larger images or a smaller crop size");
		List<float[]> crops = new ArrayList<>();
		for (int y0 = 0; y0 + size <= height; y0 += size)
			for (int x0 = 0; x0 + size <= width; x0 += size) {
				float[] c = new float[channels * size * size];
				for (int ch = 0; ch < channels; ch++)
					for (int y = 0; y < size; y++)
						System.arraycopy(image, (ch * height + y0 + y) * width + x0, c, (ch * size + y) * size, size);
				crops.add(c);
			}
		return crops;
	}

	/** §8.2: the mean log-likelihood of each crop over its reachable pixels. */
	public static Result crops(Ride model, List<float[]> crops, int size, Progress progress, CancelToken cancel) {
		double[] out = new double[crops.size()];
		int channels = model.config().numChannels();
		forEachBatch(model, crops, size, progress, cancel, "evaluate", (first, ll, perCrop) -> {
			for (int b = 0; b < ll.length / perCrop; b++) {
				double s = 0;
				for (int k = 0; k < perCrop; k++) s += ll[b * perCrop + k];
				out[first + b] = s / perCrop / Math.log(2) / channels;
			}
		});
		return new Result(out);
	}

	/** §8.3: the 8-symmetry ensemble (EoRIDE) of each square crop. */
	public static Result ensemble(Ride model, List<float[]> crops, int size, Progress progress, CancelToken cancel) {
		int channels = model.config().numChannels();
		CausalMask mask = model.mask();
		int gr = mask.gridRows(size, size), gc = mask.gridCols(size, size);
		List<float[]> transformed = new ArrayList<>(crops.size() * 8);
		for (float[] c : crops)
			for (Symmetry t : Symmetry.values()) transformed.add(t.applyPlanes(c, channels, size, size));
		boolean[] common = commonPixels(mask, size);
		int numCommon = 0;
		for (boolean b : common) if (b) numCommon++;
		double[][] sums = new double[crops.size()][8];
		forEachBatch(model, transformed, size, progress, cancel, "ensemble", (first, ll, perCrop) -> {
			for (int b = 0; b < ll.length / perCrop; b++) {
				int crop = (first + b) / 8, t = (first + b) % 8;
				float[] map = Symmetry.values()[t].invert(Neighbourhoods.toImageMap(ll, b * perCrop, gr, gc, mask), size, size);
				double s = 0;
				for (int p = 0; p < map.length; p++) if (common[p]) s += map[p];
				sums[crop][t] = s;
			}
		});
		double[] out = new double[crops.size()];
		for (int c = 0; c < out.length; c++)
			out[c] = (logSumExp(sums[c]) - Math.log(8)) / numCommon / Math.log(2) / channels;
		return new Result(out);
	}

	/** Pixels of a size×size crop that are reachable under all 8 transforms. */
	static boolean[] commonPixels(CausalMask mask, int size) {
		int gr = mask.gridRows(size, size), gc = mask.gridCols(size, size);
		float[] ones = new float[gr * gc];
		java.util.Arrays.fill(ones, 1f);
		float[] reach = Neighbourhoods.toImageMap(ones, 0, gr, gc, mask);
		boolean[] common = new boolean[size * size];
		java.util.Arrays.fill(common, true);
		for (Symmetry t : Symmetry.values()) {
			float[] back = t.invert(reach, size, size);
			for (int p = 0; p < common.length; p++) common[p] &= !Float.isNaN(back[p]);
		}
		return common;
	}

	private interface BatchResult {
		/** ll: per grid position log-likelihood (nats) of crops first.., perCrop positions each. */
		void accept(int first, float[] ll, int perCrop);
	}

	private static void forEachBatch(Ride model, List<float[]> crops, int size, Progress progress, CancelToken cancel,
		String stage, BatchResult sink) {
		if (crops.isEmpty()) throw new IllegalArgumentException("there are no crops to evaluate; the images are smaller than the crop size");
		for (int first = 0; first < crops.size(); first += CROPS_PER_BATCH) {
			cancel.throwIfCancelled();
			progress.report(stage, first, crops.size(), "crop " + first + " of " + crops.size());
			List<float[]> chunk = crops.subList(first, Math.min(crops.size(), first + CROPS_PER_BATCH));
			Ride.Grid g = model.whiten(Neighbourhoods.batch(chunk, size, size, model.mask(), model.dataType()));
			INDArray ll = model.logLikelihood(g);
			sink.accept(first, ll.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat(),
				g.rows() * g.cols());
		}
		progress.report(stage, crops.size(), crops.size(), "done");
	}

	static double logSumExp(double[] v) {
		double m = Double.NEGATIVE_INFINITY;
		for (double x : v) m = Math.max(m, x);
		double s = 0;
		for (double x : v) s += Math.exp(x - m);
		return m + Math.log(s);
	}
}
