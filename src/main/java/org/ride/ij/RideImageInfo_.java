package org.ride.ij;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import ij.process.FloatProcessor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.nd.NdInit;

/**
 * {@code Plugins › RIDE › RIDE Image Info}: the probe command that exercises the plumbing every RIDE
 * command shares ({@link Options}, {@link Images}, {@link IjProgress}, {@link IjCancel},
 * {@link CommandGuard}) on a real image.
 * <p>
 * For the current slice {@code x} (any grey type, converted to float; shape {@code [height, width]}) it
 * computes with ND4J, in double precision, the mean {@code μ}, the population standard deviation
 * {@code σ = sqrt(mean((x-μ)²))}, min and max; appends them to the Results table (columns
 * {@code image, width, height, mean, std, min, max}); and shows a new 32-bit image titled {@code title}
 * (default {@code "<input> info"}) holding {@code scale·n(x) + offset}, where {@code n} is
 * {@code zscore: (x-μ)/σ}, {@code minmax: (x-min)/(max-min)} or {@code none: x}.
 * <pre>run("RIDE Image Info", "image=[blobs.gif] method=zscore scale=1 offset=0 title=[blobs info] verbose");</pre>
 */
public class RideImageInfo_ implements PlugIn {

	public static final String COMMAND = "RIDE Image Info";

	@Override
	public void run(String arg) {
		CommandGuard.run(COMMAND, () -> {
			Options o = Options.of(COMMAND).image("image")
					.choice("method", "zscore", "normalisation n(x)", "zscore", "minmax", "none")
					.number("scale", 1, -1e6, 1e6, "factor applied to n(x)")
					.number("offset", 0, -1e6, 1e6, "added after scaling")
					.string("title", "", "output title (default: '<input> info')")
					.flag("verbose", "also log the statistics");
			if (!o.read()) return;
			ImagePlus imp = o.getImage("image");
			String title = o.getString("title").isEmpty() ? imp.getTitle() + " info" : o.getString("title");
			try (IjCancel cancel = IjCancel.start()) {
				IjProgress progress = new IjProgress(COMMAND, o.getFlag("verbose"), 1000, cancel);
				try {
					compute(imp, o.getChoice("method"), o.getNumber("scale"), o.getNumber("offset"), title,
							o.getFlag("verbose"), progress);
				} finally {
					progress.done();
				}
				cancel.token().throwIfCancelled();
			}
		});
	}

	private static void compute(ImagePlus imp, String method, double scale, double offset, String title,
			boolean verbose, IjProgress progress) {
		if (imp.getType() == ImagePlus.COLOR_RGB) throw new IllegalArgumentException(COMMAND + ": image '"
				+ imp.getTitle() + "' is RGB; this probe command reports grey images only (the RIDE model "
				+ "commands take RGB as colour); convert it first (Image > Type > 32-bit)");
		int w = imp.getWidth(), h = imp.getHeight();
		float[] pix = (float[]) imp.getProcessor().convertToFloatProcessor().getPixels();
		NdInit.ensure();
		progress.report("statistics", 0, 2, imp.getTitle());
		INDArray x = Nd4j.createFromArray(pix).castTo(DataType.DOUBLE); // [w*h], row-major pixels
		double mean = x.meanNumber().doubleValue();
		INDArray xc = x.sub(mean);
		double std = Math.sqrt(xc.mul(xc).meanNumber().doubleValue());
		double min = x.minNumber().doubleValue(), max = x.maxNumber().doubleValue();
		progress.report("normalise", 1, 2, method);
		INDArray y = switch (method) {
		case "zscore" -> xc.divi(nonZero(std, "std", "zscore"));
		case "minmax" -> x.sub(min).divi(nonZero(max - min, "max - min", "minmax"));
		default -> x;
		};
		float[] out = y.muli(scale).addi(offset).castTo(DataType.FLOAT).toFloatVector();
		progress.report("normalise", 2, 2, method);
		addResults(imp.getTitle(), w, h, mean, std, min, max);
		if (verbose) IJ.log(String.format(java.util.Locale.ROOT, "%s: '%s' %dx%d mean=%.6g std=%.6g min=%.6g max=%.6g",
				COMMAND, imp.getTitle(), w, h, mean, std, min, max));
		ImagePlus res = new ImagePlus(title, new FloatProcessor(w, h, out));
		res.setCalibration(imp.getCalibration());
		Images.show(res);
	}

	private static double nonZero(double d, String what, String method) {
		if (d == 0) throw new IllegalArgumentException(COMMAND + ": the image is constant (" + what + " = 0), so "
				+ "method=" + method + " is undefined; use method=none");
		return d;
	}

	private static void addResults(String image, int w, int h, double mean, double std, double min, double max) {
		ResultsTable rt = ResultsTable.getResultsTable();
		rt.incrementCounter();
		rt.addValue("image", image);
		rt.addValue("width", w);
		rt.addValue("height", h);
		rt.addValue("mean", mean);
		rt.addValue("std", std);
		rt.addValue("min", min);
		rt.addValue("max", max);
		Images.showResults(rt);
	}
}
