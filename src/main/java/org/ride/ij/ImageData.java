package org.ride.ij;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import org.ride.core.data.SplitMix64;
import org.ride.core.nd.Memory;

/**
 * An ImageJ image as RIDE data: one {@code float[height·width]} per slice (a stack is several images),
 * in the image's own units.
 * <ul>
 * <li>8- and 16-bit images are integer data. RIDE models continuous densities, so integer values are
 * dequantised, x = v + u with u ~ U[0,1) (data-and-cost.md §1.3 item 9), from a seed, so every run on
 * the same image gives the same numbers.</li>
 * <li>32-bit images are used as they are (NaN/Inf are refused by the engine with the pixel position).</li>
 * <li>RGB images are converted to luminance 0.299R + 0.587G + 0.114B (ITU-R 601), rounded to 8 bit, and
 * {@link #note()} says so for the log.</li>
 * </ul>
 *
 * @param slices   one array per slice, row-major y·W + x
 * @param bitDepth 8, 16 or 32 (RGB counts as 8 after conversion)
 * @param note     a remark for the log, or "" (e.g. the RGB conversion)
 */
public record ImageData(List<float[]> slices, int width, int height, int bitDepth, String note) {

	/** All slices of {@code imp}, restricted to the bounding box of {@code roi} if not null. */
	public static ImageData of(ImagePlus imp, Roi roi, long dequantisationSeed) {
		if (imp == null) throw new IllegalArgumentException("no image is open; open an image first (File > Open)");
		Rectangle r = roi != null && roi.isArea() ? roi.getBounds().intersection(new Rectangle(imp.getWidth(),
			imp.getHeight())) : new Rectangle(imp.getWidth(), imp.getHeight());
		if (r.width < 1 || r.height < 1) throw new IllegalArgumentException("the selection on '" + imp.getTitle()
			+ "' is empty or outside the image; draw a selection inside it or remove it (Edit > Selection > Select None)");
		ImageStack stack = imp.getStack();
		// NB: per pixel a float copy plus, while it is made, the cropped original (up to 4 bytes)
		Memory.requireHeap("copying '" + imp.getTitle() + "' (" + r.width + "×" + r.height + " px × " + stack.getSize()
			+ " slice(s)) as RIDE data", Memory.product(r.width, r.height), Memory.product(r.width, r.height,
				stack.getSize(), 4) + Memory.product(r.width, r.height, 4));
		boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
		int depth = rgb ? 8 : imp.getBitDepth();
		List<float[]> slices = new ArrayList<>();
		for (int s = 1; s <= stack.getSize(); s++) {
			ImageProcessor ip = stack.getProcessor(s);
			if (rgb) ip = luminance((ColorProcessor) ip);
			ip.setRoi(r);
			float[] v = (float[]) ip.crop().convertToFloatProcessor().getPixels();
			if (depth != 32) dequantise(v, dequantisationSeed + s - 1);
			slices.add(v);
		}
		String note = rgb ? "'" + imp.getTitle() + "' is RGB; RIDE uses its luminance 0.299R + 0.587G + 0.114B" : "";
		return new ImageData(slices, r.width, r.height, depth, note);
	}

	/** The first slice only (maps, inpainting): the current slice of a stack. */
	public static ImageData currentSlice(ImagePlus imp, long dequantisationSeed) {
		ImagePlus one = new ImagePlus(imp.getTitle(), imp.getProcessor());
		return of(one, null, dequantisationSeed);
	}

	/** x = v + u with u from SplitMix64(seed), one draw per pixel in raster order. */
	static void dequantise(float[] v, long seed) {
		SplitMix64 rng = new SplitMix64(seed);
		for (int i = 0; i < v.length; i++) v[i] = (float) (v[i] + rng.nextDouble());
	}

	private static ImageProcessor luminance(ColorProcessor cp) {
		int[] rgb = (int[]) cp.getPixels();
		byte[] y = new byte[rgb.length];
		for (int i = 0; i < rgb.length; i++) {
			int c = rgb[i];
			double l = 0.299 * (c >> 16 & 0xff) + 0.587 * (c >> 8 & 0xff) + 0.114 * (c & 0xff);
			y[i] = (byte) Math.min(255, Math.round(l));
		}
		return new ij.process.ByteProcessor(cp.getWidth(), cp.getHeight(), y);
	}
}
