package org.ride.ij;

import java.util.List;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import org.ride.io.DataInfo;

/**
 * Multichannel results (C channel planes per image, {@code [(c·H + y)·W + x]}) as ImageJ images: RGB when the
 * model's channels are red, green, blue of 8-bit data (values stored as ⌊x⌋ clamped to [0, 255], the inverse of
 * the dequantisation), else a 32-bit composite hyperstack with one display range per channel.
 */
final class ColourImages {

	private ColourImages() {}

	/** Whether results of a model with data {@code d} are shown as RGB. */
	static boolean isRgb(DataInfo d) {
		return d != null && d.bitDepth() == 8 && d.channels().stream().map(DataInfo.Channel::name).toList()
				.equals(ImageData.RGB);
	}

	/** {@code images} (each C planes) as one image of {@code images.size()} frames (slices for RGB). */
	static ImagePlus of(String title, List<float[]> images, int w, int h, int channels, DataInfo d) {
		if (channels == 3 && isRgb(d)) return rgb(title, images, w, h);
		return composite(title, images, w, h, channels, d);
	}

	static ImagePlus rgb(String title, List<float[]> images, int w, int h) {
		ImageStack st = new ImageStack(w, h);
		int plane = w * h;
		for (float[] im : images) {
			int[] px = new int[plane];
			for (int p = 0; p < plane; p++)
				px[p] = byteOf(im[p]) << 16 | byteOf(im[plane + p]) << 8 | byteOf(im[2 * plane + p]);
			st.addSlice(new ColorProcessor(w, h, px));
		}
		return new ImagePlus(title, st);
	}

	/** ⌊x⌋ clamped to [0, 255]. */
	static int byteOf(double x) {
		return (int) Math.max(0, Math.min(255, Math.floor(x)));
	}

	static ImagePlus composite(String title, List<float[]> images, int w, int h, int channels, DataInfo d) {
		ImageStack st = new ImageStack(w, h);
		int plane = w * h;
		for (float[] im : images)
			for (int c = 0; c < channels; c++)
				st.addSlice(new FloatProcessor(w, h, java.util.Arrays.copyOfRange(im, c * plane, (c + 1) * plane)));
		ImagePlus imp = new ImagePlus(title, st);
		imp.setDimensions(channels, 1, images.size());
		if (channels == 1) return imp;
		CompositeImage ci = new CompositeImage(imp, CompositeImage.COMPOSITE);
		for (int c = 0; c < channels; c++) {
			ci.setC(c + 1);
			if (d != null && d.numChannels() == channels) {
				DataInfo.Channel ch = d.channels().get(c);
				ci.setDisplayRange(ch.clipLow(), ch.clipHigh());
			} else ci.resetDisplayRange();
		}
		ci.setC(1);
		return ci;
	}
}
