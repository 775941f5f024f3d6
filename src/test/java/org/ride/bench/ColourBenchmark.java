package org.ride.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import org.ride.core.inpaint.InpaintOptions;
import org.ride.core.model.LogLikelihoodMap;
import org.ride.core.model.Ride;
import org.ride.core.nd.NdInit;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.ij.ImageData;
import org.ride.ij.Inpaintings;
import org.ride.ij.LoadedModel;
import org.ride.ij.Syntheses;
import org.ride.ij.TrainSettings;
import org.ride.ij.Training;
import org.ride.io.DataInfo.Colour;

/**
 * Joint colour model against three independent gray models (issue 10, "Must show" RGB), not a test. The
 * colour texture (default sample-images/coffee-wood.png, 112×400 RGB) is split into a training part (rows
 * 0–255) and a held-out part (rows 256–399). Trained through the Train command's code ({@link Training}, preset
 * {@code fast} unless given): one joint model of all 3 channels (D = 3, full Cholesky, spec §3.1, §6), and one
 * gray model per channel on that channel alone. Scored on the same dequantised held-out pixels: bits per pixel
 * with all 3 channels together (log₂ p(r,g,b | past) for the joint model, the sum of the three gray models'
 * log₂ p(c | past of c)); higher is better. Also writes a colour synthesis and a colour inpainting of the
 * held-out part with the joint model (through the Synthesize and Inpaint commands' code) to docs/images/.
 * <pre>scripts/bench-colour.sh [texture.png] [preset] [sweeps]</pre>
 */
public final class ColourBenchmark {

	private static final int SPLIT = 256;

	public static void main(String[] args) throws Exception {
		NdInit.ensure();
		String file = args.length > 0 ? args[0] : "sample-images/coffee-wood.png";
		String preset = args.length > 1 ? args[1] : "fast";
		int sweeps = args.length > 2 ? Integer.parseInt(args[2]) : 50;
		ImagePlus rgb = IJ.openImage(file);
		if (rgb == null || rgb.getType() != ImagePlus.COLOR_RGB)
			throw new IllegalArgumentException(file + " is not an RGB image");
		int w = rgb.getWidth(), h = rgb.getHeight();
		Path dir = Files.createDirectories(Path.of("target/colour-bench"));
		double gflops = Yardstick.sgemmGflops();
		System.out.printf("# Colour: joint RGB model vs three gray models — %s, %s%n", file, Yardstick.machine());
		System.out.printf(Locale.ROOT, "SGEMM 1024³: %.1f GFLOP/s; preset %s; train rows 0–%d, held-out rows %d–%d (%d×%d)%n%n",
				gflops, preset, SPLIT - 1, SPLIT, h - 1, w, h - SPLIT);
		Roi train = new Roi(0, 0, w, SPLIT), test = new Roi(0, SPLIT, w, h - SPLIT);
		TrainSettings.Preset p = TrainSettings.preset(preset, 1);
		ImageData held = ImageData.of(rgb, test, 11, Colour.JOINT, false); // the pixels every model is scored on
		int tw = held.width(), th = held.height();

		System.out.println("| model | channels | train s | held-out bits/px (all channels) | per channel (R, G, B) | map px/s |");
		System.out.println("|---|---|---|---|---|---|");
		long t = System.nanoTime();
		Path jointFile = dir.resolve("coffee-wood-rgb.zip");
		Training.train(rgb, train, p, Colour.JOINT, jointFile, true, s -> {}, Progress.NONE, CancelToken.NONE);
		double jointTrain = secs(t);
		LoadedModel joint = LoadedModel.load(jointFile.toString());
		t = System.nanoTime();
		LogLikelihoodMap jm = LogLikelihoodMap.compute(joint.saved().model(), held.slices().get(0), tw, th, Progress.NONE,
				CancelToken.NONE);
		double jointPps = tw * th / secs(t), jointBits = jm.meanBitsPerPixel(1);
		System.out.printf(Locale.ROOT, "| joint (%s, D = 3) | RGB | %.0f | **%.3f** | %.3f per channel value | %.0f |%n",
				p.model().label(), jointTrain, jointBits, jointBits / 3, jointPps);

		double graySum = 0, grayTrain = 0;
		double[] per = new double[3];
		for (int c = 0; c < 3; c++) {
			ImagePlus plane = new ImagePlus(new String[] { "red", "green", "blue" }[c],
					((ColorProcessor) rgb.getProcessor()).getChannel(c + 1, null));
			Path f = dir.resolve("coffee-wood-" + plane.getTitle() + ".zip");
			t = System.nanoTime();
			Training.train(plane, train, p, Colour.JOINT, f, true, s -> {}, Progress.NONE, CancelToken.NONE);
			grayTrain += secs(t);
			Ride gray = LoadedModel.load(f.toString()).saved().model();
			try {
				per[c] = LogLikelihoodMap.compute(gray, held.plane(0, c), tw, th, Progress.NONE, CancelToken.NONE)
						.meanBitsPerPixel(1);
			} catch (IllegalArgumentException e) { // e.g. a diverged LSTM: report it as a miss, keep going
				System.out.println("| gray " + plane.getTitle() + " | FAILED on the held-out part: " + e.getMessage() + " | | | | |");
				per[c] = Double.NaN;
			}
			graySum += per[c];
		}
		System.out.printf(Locale.ROOT, "| 3 × gray (%s, D = 1 each) | R, G, B separately | %.0f | %.3f | %.3f, %.3f, %.3f | |%n",
				p.model().label(), grayTrain, graySum, per[0], per[1], per[2]);
		System.out.printf(Locale.ROOT, "%njoint − independent: %+.3f bits/px (%s)%n", jointBits - graySum,
				Double.isNaN(graySum) ? "no comparison: a gray model failed" : jointBits > graySum
						? "the joint model is better" : "MISS: the joint model is not better");

		// colour synthesis and inpainting with the joint model, through the commands' code
		new File("docs/images").mkdirs();
		t = System.nanoTime();
		ImagePlus tex = Syntheses.synthesize(joint, 112, 144, 1, 3, null, "colour texture", Progress.NONE, CancelToken.NONE);
		save(tex, "docs/images/colour-synthesis.png");
		double synthS = secs(t);
		ImagePlus truth = crop(rgb, test);
		save(truth, "docs/images/colour-inpaint-truth.png");
		Roi hole = new Roi(36, 52, 40, 40);
		ImagePlus holed = truth.duplicate();
		holed.getProcessor().setColor(java.awt.Color.BLACK);
		holed.getProcessor().fill(hole);
		save(holed, "docs/images/colour-inpaint-hole.png");
		t = System.nanoTime();
		Inpaintings.Output o = Inpaintings.inpaint(joint, truth, hole, InpaintOptions.defaults(0, 255, 1).withSweeps(sweeps),
				"filled", Progress.NONE, CancelToken.NONE);
		save(o.image(), "docs/images/colour-inpaint-ride.png");
		System.out.printf(Locale.ROOT, "%nsynthesis 112×144 RGB: %.1f s; inpainting a 40×40 hole, %d sweeps: %.1f s, "
				+ "%.3f bits/px (all channels) in the hole; peak RSS %.0f MB%n", synthS, sweeps, secs(t), o.regionBits(),
				Yardstick.peakRssMb());
	}

	private static ImagePlus crop(ImagePlus imp, Roi r) {
		imp.setRoi(r);
		ImagePlus c = new ImagePlus("truth", imp.getProcessor().crop());
		imp.deleteRoi();
		return c;
	}

	private static void save(ImagePlus imp, String path) {
		if (imp.getType() != ImagePlus.COLOR_RGB) throw new IllegalStateException(path + " is not RGB");
		if (!new FileSaver(imp).saveAsPng(path)) throw new IllegalStateException("could not write " + path);
	}

	private static double secs(long t0) {
		return (System.nanoTime() - t0) / 1e9;
	}
}
