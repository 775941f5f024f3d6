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
import org.ride.io.DataInfo.Colour;

/**
 * An ImageJ image as RIDE data: one {@code float[C·height·width]} per image (channel planes
 * {@code [(c·H + y)·W + x]}; a stack is several images), in the image's own units.
 * <ul>
 * <li>8- and 16-bit images are integer data. RIDE models continuous densities, so integer values are
 * dequantised, x = v + u with u ~ U[0,1) (data-and-cost.md §1.3 item 9), from a seed, so every run on
 * the same image gives the same numbers.</li>
 * <li>32-bit images are used as they are (NaN/Inf are refused by the engine with the pixel position).</li>
 * <li>Colour, read {@link Colour#JOINT jointly}: an RGB image has the channels red, green, blue (8 bit each);
 * a composite/hyperstack with C &gt; 1 channels has its C channels, and every (slice, frame) position is one
 * image.</li>
 * <li>Colour as {@link Colour#LUMINANCE luminance} (the behaviour before colour support): RGB is converted
 * to 0.299R + 0.587G + 0.114B (ITU-R 601), rounded to 8 bit, and {@link #note()} says so for the log; every
 * plane of any other stack is one gray image.</li>
 * </ul>
 *
 * @param slices       one array per image, C channel planes each, row-major y·W + x within a plane
 * @param bitDepth     8, 16 or 32 (RGB counts as 8)
 * @param note         a remark for the log, or "" (e.g. the RGB conversion)
 * @param channels     C, the channel planes per image
 * @param colour       what the channels are: GRAY (one channel), LUMINANCE (from RGB) or JOINT (C &gt; 1)
 * @param channelNames one name per channel, e.g. "red", "channel 2", "gray"
 */
public record ImageData(List<float[]> slices, int width, int height, int bitDepth, String note, int channels,
		Colour colour, List<String> channelNames) {

	/** Names of the channels of an RGB image read jointly. */
	public static final List<String> RGB = List.of("red", "green", "blue");

	/** Gray data, one channel. */
	public ImageData(List<float[]> slices, int width, int height, int bitDepth, String note) {
		this(slices, width, height, bitDepth, note, 1, Colour.GRAY, List.of("gray"));
	}

	/** All slices of {@code imp}, restricted to the bounding box of {@code roi} if not null; RGB as luminance. */
	public static ImageData of(ImagePlus imp, Roi roi, long dequantisationSeed) {
		return of(imp, roi, dequantisationSeed, Colour.LUMINANCE, false);
	}

	/** The first slice only (maps, inpainting): the current slice of a stack; RGB as luminance. */
	public static ImageData currentSlice(ImagePlus imp, long dequantisationSeed) {
		return of(imp, null, dequantisationSeed, Colour.LUMINANCE, true);
	}

	/**
	 * The images of {@code imp} within the bounding box of {@code roi} (if an area), colour read as {@code mode}
	 * asks: {@link Colour#JOINT} keeps the channels of RGB and multichannel images, anything else reduces RGB
	 * to luminance and takes every plane as a gray image.
	 *
	 * @param currentOnly only the current image: the current slice, or for channels read jointly the current
	 *                    (slice, frame) position with all its channels
	 */
	public static ImageData of(ImagePlus imp, Roi roi, long dequantisationSeed, Colour mode, boolean currentOnly) {
		if (imp == null) throw new IllegalArgumentException("no image is open; open an image first (File > Open)");
		Rectangle r = roi != null && roi.isArea() ? roi.getBounds().intersection(new Rectangle(imp.getWidth(),
				imp.getHeight())) : new Rectangle(imp.getWidth(), imp.getHeight());
		if (r.width < 1 || r.height < 1) throw new IllegalArgumentException("the selection on '" + imp.getTitle()
				+ "' is empty or outside the image; draw a selection inside it or remove it (Edit > Selection > Select None)");
		boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
		ImageStack stack = imp.getStack();
		int perImage = channels(imp, mode), planes = stack.getSize() * (rgb
			&& mode == Colour.JOINT ? 3 : 1);
		// NB: per pixel a float copy plus, while it is made, the cropped original (up to 4 bytes)
		Memory.requireHeap("copying '" + imp.getTitle() + "' (" + r.width + "×" + r.height + " px × " + planes
			+ " plane(s)) as RIDE data", Memory.product(r.width, r.height, perImage), Memory.product(r.width, r.height,
				planes, 4) + Memory.product(r.width, r.height, 4));
		if (mode == Colour.JOINT && rgb) return rgb(imp, r, dequantisationSeed, currentOnly);
		if (mode == Colour.JOINT && imp.getNChannels() > 1) return channels(imp, r, dequantisationSeed, currentOnly);
		int depth = rgb ? 8 : imp.getBitDepth();
		List<float[]> slices = new ArrayList<>();
		int first = currentOnly ? imp.getCurrentSlice() : 1, last = currentOnly ? first : stack.getSize();
		for (int s = first; s <= last; s++) {
			ImageProcessor ip = stack.getProcessor(s);
			if (rgb) ip = luminance((ColorProcessor) ip);
			slices.add(plane(ip, r, depth, dequantisationSeed + (currentOnly ? 0 : s - 1)));
		}
		String note = rgb ? "'" + imp.getTitle() + "' is RGB; RIDE uses its luminance 0.299R + 0.587G + 0.114B" : "";
		return new ImageData(slices, r.width, r.height, depth, note, 1, rgb ? Colour.LUMINANCE : Colour.GRAY,
				List.of(rgb ? "luminance" : "gray"));
	}

	/** C, the channels per image that {@link #of(ImagePlus, Roi, long, Colour, boolean)} gives for {@code mode}. */
	public static int channels(ImagePlus imp, Colour mode) {
		return mode != Colour.JOINT ? 1 : imp.getType() == ImagePlus.COLOR_RGB ? 3 : imp.getNChannels();
	}

	/** RGB read jointly: per image the planes red, green, blue, each dequantised with its own seed. */
	private static ImageData rgb(ImagePlus imp, Rectangle r, long seed, boolean currentOnly) {
		ImageStack stack = imp.getStack();
		List<float[]> images = new ArrayList<>();
		int first = currentOnly ? imp.getCurrentSlice() : 1, last = currentOnly ? first : stack.getSize();
		int plane = r.width * r.height;
		for (int s = first; s <= last; s++) {
			ColorProcessor cp = (ColorProcessor) stack.getProcessor(s);
			float[] im = new float[3 * plane];
			for (int c = 0; c < 3; c++) {
				float[] v = plane(cp.getChannel(c + 1, null), r, 8, seed + 3L * (currentOnly ? 0 : s - 1) + c);
				System.arraycopy(v, 0, im, c * plane, plane);
			}
			images.add(im);
		}
		return new ImageData(images, r.width, r.height, 8, "", 3, Colour.JOINT, RGB);
	}

	/** A composite/hyperstack read jointly: per (slice, frame) position its C channel planes. */
	private static ImageData channels(ImagePlus imp, Rectangle r, long seed, boolean currentOnly) {
		int nc = imp.getNChannels(), depth = imp.getBitDepth(), plane = r.width * r.height;
		ImageStack stack = imp.getStack();
		List<float[]> images = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (int c = 1; c <= nc; c++) names.add("channel " + c);
		for (int t = 1; t <= imp.getNFrames(); t++)
			for (int z = 1; z <= imp.getNSlices(); z++) {
				if (currentOnly && (z != imp.getSlice() || t != imp.getFrame())) continue;
				float[] im = new float[nc * plane];
				for (int c = 1; c <= nc; c++) {
					int index = imp.getStackIndex(c, z, t);
					float[] v = plane(stack.getProcessor(index), r, depth, seed + (currentOnly ? c - 1 : index - 1));
					System.arraycopy(v, 0, im, (c - 1) * plane, plane);
				}
				images.add(im);
			}
		return new ImageData(images, r.width, r.height, depth, "", nc, Colour.JOINT, names);
	}

	private static float[] plane(ImageProcessor ip, Rectangle r, int depth, long seed) {
		ip.setRoi(r);
		float[] v = (float[]) ip.crop().convertToFloatProcessor().getPixels();
		if (depth != 32) dequantise(v, seed);
		return v;
	}

	/** Image k's channel c, a copy [y·W + x]. */
	public float[] plane(int k, int c) {
		int n = width * height;
		return java.util.Arrays.copyOfRange(slices.get(k), c * n, (c + 1) * n);
	}

	/** What the image is, for messages: "RGB (red, green, blue)", "3 channels", "gray (1 channel)". */
	public String describe() {
		if (channels == 1) return colour == Colour.LUMINANCE ? "RGB (used as luminance)" : "gray (1 channel)";
		return channelNames.equals(RGB) ? "RGB (red, green, blue)" : channels + " channels";
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
