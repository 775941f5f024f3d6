import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Crops a rectangle out of a PNG, keeping its pixels byte for byte (used to make sample-images/coffee-wood.png,
 * see sample-images/ATTRIBUTION.md). Usage: {@code java scripts/CropPng.java in.png out.png x y width height}.
 */
public class CropPng {
	public static void main(String[] a) throws Exception {
		BufferedImage in = ImageIO.read(new File(a[0]));
		int x = Integer.parseInt(a[2]), y = Integer.parseInt(a[3]), w = Integer.parseInt(a[4]), h = Integer.parseInt(a[5]);
		BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		for (int r = 0; r < h; r++)
			for (int c = 0; c < w; c++) out.setRGB(c, r, in.getRGB(x + c, y + r) & 0xffffff);
		if (!ImageIO.write(out, "png", new File(a[1]))) throw new IllegalStateException("no PNG writer");
	}
}
