package org.ride.ij;

import java.awt.Rectangle;

import ij.gui.Roi;
import ij.process.ImageProcessor;

/**
 * ImageJ selections as pixel masks {@code boolean[y·width + x]} (true = inside), for every kind of area
 * ROI: rectangles (whose {@code getMask()} is null), ovals, polygons, freehand and composite shapes, also
 * when they extend beyond the image (clipped).
 */
public final class RoiMasks {

	private RoiMasks() {}

	/**
	 * @throws IllegalArgumentException if there is no area selection, or it covers no pixel of the image
	 */
	public static boolean[] of(Roi roi, int width, int height) {
		if (roi == null) throw new IllegalArgumentException("there is no selection; select the region to fill first "
			+ "(e.g. with the oval or freehand tool), or pass roi=[file.roi]");
		if (!roi.isArea()) throw new IllegalArgumentException("the selection is a " + roi.getTypeAsString()
			+ ", not an area; select a region (rectangle, oval, polygon, freehand or composite)");
		boolean[] m = new boolean[width * height];
		Rectangle b = roi.getBounds();
		ImageProcessor mp = roi.getMask(); // null for rectangles: the whole bounding box
		int count = 0;
		for (int y = Math.max(0, b.y); y < Math.min(height, b.y + b.height); y++)
			for (int x = Math.max(0, b.x); x < Math.min(width, b.x + b.width); x++)
				if (mp == null || mp.get(x - b.x, y - b.y) != 0) {
					m[y * width + x] = true;
					count++;
				}
		if (count == 0) throw new IllegalArgumentException("the selection covers no pixel of the image; draw it inside "
			+ "the image");
		return m;
	}

	public static int count(boolean[] mask) {
		int n = 0;
		for (boolean b : mask) if (b) n++;
		return n;
	}
}
