package org.ride.cli;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.File;
import java.io.IOException;

import javax.imageio.ImageIO;

/**
 * 8-bit grayscale PNG read/write through javax.imageio for the dead-leaves files.
 *
 * <p>Pixels are unsigned 8-bit, row-major [N·N] (index y·N + x), exactly as in
 * {@link org.ride.core.data.DeadLeavesImage#pixels()}. Reading goes through the raster, never
 * {@code getRGB}, so no colour conversion touches the values.
 */
public final class DeadLeavesPng {

	private DeadLeavesPng() {}

	/** Writes a width×height gray8 PNG; {@code pixels} is not modified. */
	public static void write(byte[] pixels, int width, int height, File file) throws IOException {
		if (pixels.length != width * height)
			throw new IllegalArgumentException("pixels hold " + pixels.length + " values but the image is " + width + "×"
				+ height + " = " + width * height + "; pass a row-major width·height array");
		BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
		byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
		System.arraycopy(pixels, 0, dst, 0, pixels.length);
		if (!ImageIO.write(img, "png", file))
			throw new IOException("no PNG writer available in javax.imageio for " + file);
	}

	/** A decoded gray8 PNG: pixels row-major [width·height]. */
	public record Gray8(int width, int height, byte[] pixels) {}

	/** Reads a single-band 8-bit PNG; throws {@link IOException} naming the file if it is anything else. */
	public static Gray8 read(File file) throws IOException {
		BufferedImage img = ImageIO.read(file);
		if (img == null) throw new IOException(file + " is not a readable image");
		Raster r = img.getRaster();
		if (r.getNumBands() != 1 || r.getSampleModel().getSampleSize(0) != 8)
			throw new IOException(file + " has " + r.getNumBands() + " band(s) of " + r.getSampleModel().getSampleSize(0)
				+ " bit; expected 8-bit grayscale");
		int w = img.getWidth(), h = img.getHeight();
		int[] v = r.getSamples(0, 0, w, h, 0, (int[]) null);
		byte[] out = new byte[w * h];
		for (int k = 0; k < out.length; k++)
			out[k] = (byte) v[k];
		return new Gray8(w, h, out);
	}
}
