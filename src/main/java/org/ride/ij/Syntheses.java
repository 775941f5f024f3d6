package org.ride.ij;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import org.ride.core.nd.Memory;
import org.ride.core.nd.NdInit;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.sample.Samples;
import org.ride.core.sample.TextureSynthesis;
import org.ride.io.DataInfo;

/**
 * The work of {@code RIDE Synthesize Texture}, shared by the ImageJ plugin and the SciJava command:
 * {@code count} textures of {@code width × height} sampled from a trained model ({@link TextureSynthesis},
 * spec §8.4) as a new 32-bit image (a stack when count &gt; 1) in the model's data units. Samples are clipped
 * to the training data's 0.1/99.8 percentiles recorded in the model; the canvas margin is initialised with
 * pixels drawn from {@code init} when given (e.g. the training image), else around the model's data mean.
 * A colour model samples all channels of a pixel jointly, each clipped to its own percentiles; the result is RGB
 * for a model of red, green, blue 8-bit data (⌊x⌋, as inpainting stores integers), else a 32-bit composite
 * ({@link ColourImages}).
 */
public final class Syntheses {

	/** Largest number of pixels one call may synthesise (all textures together). */
	public static final long MAX_PIXELS = 64L << 20;

	private Syntheses() {}

	/**
	 * @param init  an image whose pixels seed the margin (current slice; dequantised with the seed), or null
	 * @param title null or empty: {@code "<model> texture"}
	 */
	public static ImagePlus synthesize(LoadedModel model, int width, int height, int count, long seed, ImagePlus init,
			String title, Progress progress, CancelToken cancel) {
		TextureSynthesis.Options o = TextureSynthesis.Options.of(width, height, seed).withCount(count);
		long px = (long) width * height * count;
		if (px > MAX_PIXELS) throw new IllegalArgumentException("a " + width + "×" + height + " texture × " + count
				+ " is " + (px >> 20) + " Mpx, more than the " + (MAX_PIXELS >> 20) + " Mpx one run may synthesise (it would "
				+ "need about " + Memory.bytes(TextureSynthesis.heapBytes(o, 1)) + " of memory); ask for fewer or smaller "
				+ "textures");
		int channels = model.saved().model().config().numChannels();
		if (init != null) o = o.withData(ModelInputs.read(model, init, null, seed, true).slices().get(0), channels);
		DataInfo d = model.saved().data();
		if (d != null) o = o.withClip(d.channelClip()[0], d.channelClip()[1]);
		NdInit.ensure();
		Samples s = TextureSynthesis.synthesize(model.saved().model(), o, progress, cancel);
		String name = title == null || title.isEmpty() ? model.name() + " texture" : title;
		if (channels > 1) {
			java.util.List<float[]> images = new java.util.ArrayList<>();
			for (int b = 0; b < count; b++) images.add(s.floatImage(b));
			ImagePlus out = ColourImages.of(name, images, width, height, channels, d);
			out.setProp("RIDE model", model.path().toString());
			out.setProp("RIDE seed", seed);
			return out;
		}
		ImageStack st = new ImageStack(width, height);
		for (int b = 0; b < count; b++) st.addSlice("texture " + (b + 1), new FloatProcessor(width, height, s.floatImage(b)));
		ImagePlus out = new ImagePlus(name, st);
		if (d != null) {
			out.getCalibration().setValueUnit(d.units());
			out.setDisplayRange(d.clipLow(), d.clipHigh());
		} else out.resetDisplayRange();
		out.setProp("RIDE model", model.path().toString());
		out.setProp("RIDE seed", seed);
		return out;
	}
}
