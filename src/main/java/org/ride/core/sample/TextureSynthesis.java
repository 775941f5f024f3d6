package org.ride.core.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.ride.core.model.Ride;
import org.ride.core.nd.Memory;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

/**
 * Texture synthesis from a trained model (spec §8.4, {@code sample.py}): B textures of width × height at once.
 * <ol>
 * <li>Initialise (height + margin) × (width + 2·margin) canvases — margin on top, left and right; the bottom needs
 * none because nothing below a pixel is context — with pixel values drawn at random from the training data
 * (whole pixels, all channels, so the marginal matches), or, without data, μ_y + N(0,1)/10 per channel around
 * the model's data mean (the whitening's output mean).</li>
 * <li>Sample every reachable pixel with {@link WavefrontSampler}, clipping to the data's 0.1st / 99.8th
 * percentiles per channel ({@link #clipRange}; the model file records them).</li>
 * <li>Crop the margins.</li>
 * </ol>
 * One seed drives everything: the initial values and then the sampling noise.
 */
public final class TextureSynthesis {

	/** The original's margin in pixels. */
	public static final int DEFAULT_MARGIN = 8;
	/** Clip percentiles of the original (§8.4). */
	public static final double CLIP_LOW_PERCENT = 0.1, CLIP_HIGH_PERCENT = 99.8;

	/**
	 * @param width   texture width in pixels (≥ 1)
	 * @param height  texture height (≥ 1)
	 * @param count   textures sampled together as one batch (≥ 1)
	 * @param margin  extra pixels on top, left and right, cropped away; must cover the unreachable border
	 * @param seed    seeds the initial values and the sampling noise
	 * @param data    training pixel values to initialise from, channel planes [c·P + p] (P pixels), or null
	 * @param clipMin per-channel lower clip bound (e.g. from {@link #clipRange}), or null for none
	 * @param clipMax per-channel upper clip bound, or null for none
	 */
	public record Options(int width, int height, int count, int margin, long seed, float[] data, double[] clipMin,
		double[] clipMax) {

		/** One texture, default margin, no data (Normal init around the model mean), no clipping. */
		public static Options of(int width, int height, long seed) {
			return new Options(width, height, 1, DEFAULT_MARGIN, seed, null, null, null);
		}

		public Options withCount(int n) {
			return new Options(width, height, n, margin, seed, data, clipMin, clipMax);
		}

		public Options withMargin(int m) {
			return new Options(width, height, count, m, seed, data, clipMin, clipMax);
		}

		/** Initialise from {@code pixels} and clip to their 0.1st/99.8th percentiles. */
		public Options withData(float[] pixels, int channels) {
			double[][] r = clipRange(pixels, channels);
			return new Options(width, height, count, margin, seed, pixels, r[0], r[1]);
		}

		public Options withClip(double[] min, double[] max) {
			return new Options(width, height, count, margin, seed, data, min, max);
		}
	}

	private TextureSynthesis() {}

	/**
	 * Synthesises {@code o.count()} textures.
	 *
	 * @return images [(c·height + y)·width + x] of the requested size
	 * @throws java.util.concurrent.CancellationException if cancelled (nothing is returned)
	 */
	public static Samples synthesize(Ride model, Options o, Progress progress, CancelToken cancel) {
		CausalMask m = model.mask();
		check(o, m);
		if (!model.hasWhitening()) throw new IllegalStateException(
			"the model has no whitening yet; train it (or load a trained model) before synthesising textures");
		int cw = o.width() + 2 * o.margin(), ch = o.height() + o.margin(), channels = m.numChannels();
		Random rng = new Random(o.seed());
		double[] mean = model.whitening().meanOut();
		List<float[]> init = new ArrayList<>(o.count());
		for (int b = 0; b < o.count(); b++) init.add(initial(cw, ch, channels, o.data(), mean, rng));
		SampleOptions so = SampleOptions.of(rng.nextLong()).withClip(o.clipMin(), o.clipMax());
		Samples s = WavefrontSampler.sample(model, init, cw, ch, so, progress, cancel);
		double[][] out = new double[o.count()][];
		for (int b = 0; b < out.length; b++) out[b] = crop(s.images()[b], cw, ch, channels, o);
		return new Samples(out, o.width(), o.height(), channels, null);
	}

	private static void check(Options o, CausalMask m) {
		if (o.width() < 1 || o.height() < 1 || o.count() < 1) throw new IllegalArgumentException("texture size "
			+ o.width() + "×" + o.height() + " × " + o.count() + " textures; width, height and count must be ≥ 1");
		Memory.requireHeap("synthesising " + o.count() + " texture(s) of " + o.width() + "×" + o.height() + " px",
			canvasValues(o, m.numChannels()), heapBytes(o, m.numChannels()));
		int need = Math.max(m.iOff(), Math.max(m.jOff(), m.cols() - 1 - m.jOff()));
		if (o.margin() < need) throw new IllegalArgumentException("margin is " + o.margin() + " px but nb_size="
			+ m.nbSize() + " never samples a border of " + need + " px; use a margin ≥ " + need + " (default "
			+ DEFAULT_MARGIN + ")");
		if (o.data() != null && (o.data().length == 0 || o.data().length % m.numChannels() != 0))
			throw new IllegalArgumentException("texture data has " + o.data().length + " values, not a positive multiple "
				+ "of the model's " + m.numChannels() + " channel(s); pass whole pixels as channel planes [c·P + p]");
	}

	/** Values of one texture's canvas (margins included), the largest array; -1 on overflow. */
	static long canvasValues(Options o, int channels) {
		return Memory.product(o.width() + 2L * o.margin(), o.height() + (long) o.margin(), channels);
	}

	/**
	 * Java heap the textures need: per canvas value the float start image, the double canvas and (cropped) the double
	 * result and its float copy, 24 bytes; -1 on overflow.
	 */
	public static long heapBytes(Options o, int channels) {
		return Memory.product(canvasValues(o, channels), o.count(), 24);
	}

	private static float[] initial(int w, int h, int channels, float[] data, double[] mean, Random rng) {
		int plane = w * h;
		float[] im = new float[channels * plane];
		int pool = data == null ? 0 : data.length / channels;
		for (int p = 0; p < plane; p++) {
			int t = data == null ? -1 : rng.nextInt(pool);
			for (int c = 0; c < channels; c++)
				im[c * plane + p] = t >= 0 ? data[c * pool + t] : (float) (mean[c] + rng.nextGaussian() / 10);
		}
		return im;
	}

	private static double[] crop(double[] im, int cw, int ch, int channels, Options o) {
		int w = o.width(), h = o.height(), m = o.margin();
		double[] out = new double[channels * w * h];
		for (int c = 0; c < channels; c++)
			for (int y = 0; y < h; y++)
				System.arraycopy(im, (c * ch + y + m) * cw + m, out, (c * h + y) * w, w);
		return out;
	}

	/**
	 * The per-channel clip range of spec §8.4: {min, max} = the {@value #CLIP_LOW_PERCENT}th and
	 * {@value #CLIP_HIGH_PERCENT}th percentiles of {@code pixels} (channel planes [c·P + p]), with linear
	 * interpolation between order statistics (numpy's default).
	 */
	public static double[][] clipRange(float[] pixels, int channels) {
		if (pixels == null || channels < 1 || pixels.length == 0 || pixels.length % channels != 0)
			throw new IllegalArgumentException("clip range needs whole pixels: got " + (pixels == null ? "no" :
				pixels.length) + " values for " + channels + " channel(s)");
		int pool = pixels.length / channels;
		double[][] r = new double[2][channels];
		for (int c = 0; c < channels; c++) {
			float[] v = Arrays.copyOfRange(pixels, c * pool, (c + 1) * pool);
			Arrays.sort(v);
			r[0][c] = percentile(v, CLIP_LOW_PERCENT);
			r[1][c] = percentile(v, CLIP_HIGH_PERCENT);
		}
		return r;
	}

	private static double percentile(float[] sorted, double pct) {
		double pos = pct / 100 * (sorted.length - 1);
		int k = (int) Math.floor(pos);
		if (k >= sorted.length - 1) return sorted[sorted.length - 1];
		return sorted[k] + (pos - k) * ((double) sorted[k + 1] - sorted[k]);
	}
}
