package org.ride.ij;

import java.util.concurrent.CancellationException;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import org.ride.core.inpaint.InpaintOptions;
import org.ride.core.inpaint.InpaintResult;
import org.ride.core.inpaint.Inpainter;
import org.ride.core.nd.NdInit;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.io.DataInfo;

/**
 * The work of {@code RIDE Inpaint ROI}, shared by the ImageJ plugin and the SciJava command: fills an area
 * selection of the current slice by Metropolis-within-Gibbs sampling of the model's posterior
 * ({@link Inpainter}, spec §8.5) and returns a COPY of the slice, of the input's type, equal to the input
 * outside the selection. The context is the dequantised slice (8/16-bit: x = v + u, u ~ U[0,1) from the seed,
 * as in training); filled integer pixels are stored as ⌊x⌋ clamped to the type's range, the inverse of that
 * dequantisation. Samples are clipped to the training data's 0.1/99.8 percentiles recorded in the model
 * (the image's own range when the model has none). The input image is never modified. With a colour model
 * every channel of a selected pixel is filled jointly, each clipped to its own range; the copy is RGB for an
 * RGB input, else the current (slice, frame) position's channels as a composite of the input's type.
 */
public final class Inpaintings {

	/**
	 * @param image      the inpainted copy (not shown)
	 * @param regionPx   pixels filled
	 * @param regionBits mean log-likelihood of the filled pixels, bits/px
	 * @param sweeps     MCMC sweeps completed
	 * @param cancelled  whether the chain was cut short (the image then holds the most likely state seen)
	 * @param seconds    wall-clock time
	 * @param note       remark for the log or ""
	 * @param mean       32-bit posterior mean of the last {@code meanSweeps} sweeps (input values outside the
	 *                   region), or null when not asked for
	 * @param acceptance 32-bit per-pixel acceptance rate of the proposals (NaN outside the region)
	 */
	public record Output(ImagePlus image, int regionPx, double regionBits, int sweeps, boolean cancelled,
		double seconds, String note, ImagePlus mean, ImagePlus acceptance) {}

	private Inpaintings() {}

	/** Fills {@code roi} in {@code imp}'s current slice with settings {@code o} (its clip range is replaced). */
	public static Output inpaint(LoadedModel model, ImagePlus imp, Roi roi, InpaintOptions o, String title,
			Progress progress, CancelToken cancel) {
		long t0 = System.nanoTime();
		ImageData d = ModelInputs.read(model, imp, null, o.seed(), true);
		LikelihoodMaps.requireFits(model.saved().model(), d, imp.getTitle());
		String note = LikelihoodMaps.join(d.note(), DataStats.checkCompatible(model.saved().data(), d, imp.getTitle(),
				model.name()));
		boolean[] mask = RoiMasks.of(roi, d.width(), d.height());
		float[] x = d.slices().get(0);
		double[][] clips = channelClips(model.saved().data(), d);
		InpaintOptions oc = new InpaintOptions(o.sweeps(), o.windowSize(), o.blockSize(), o.stride(), o.candidates(),
				o.flip(), o.meanSweeps(), clips[0][0], clips[1][0], o.seed());
		NdInit.ensure();
		InpaintResult r;
		try {
			r = Inpainter.inpaint(model.saved().model(), x, d.width(), d.height(), mask, oc, clips[0], clips[1], progress,
					cancel);
		} catch (CancellationException e) {
			throw new CancellationException("cancelled before the first sample of the region; nothing was filled");
		}
		if (d.channels() > 1) return colourOutput(model, imp, roi, d, mask, r, title, t0, note);
		ImageProcessor out = imp.getProcessor().duplicate();
		if (imp.getType() == ImagePlus.COLOR_RGB) out = out.convertToByte(false); // luminance, as the model saw it
		write(out, r.image(), mask, d.bitDepth() != 32);
		ImagePlus res = new ImagePlus(title == null || title.isEmpty() ? imp.getTitle() + " inpainted" : title, out);
		res.setCalibration(imp.getCalibration().copy());
		res.setRoi((Roi) roi.clone());
		ImagePlus mean = r.posteriorMean() == null ? null : floatImage(res.getTitle() + " mean", r.posteriorMean(), d, imp);
		ImagePlus acc = floatImage(res.getTitle() + " acceptance", r.acceptance(), d, imp);
		return new Output(res, RoiMasks.count(mask), r.regionBits(), r.sweeps(), r.cancelled(),
				(System.nanoTime() - t0) / 1e9, note, mean, acc);
	}

	/** Per-channel clip bounds {low[], high[]}: the model's, else each channel's finite range in the image. */
	static double[][] channelClips(DataInfo info, ImageData d) {
		int n = d.channels();
		if (info != null && info.numChannels() == n) {
			double[][] c = info.channelClip();
			boolean ok = true;
			for (int k = 0; k < n; k++) ok &= c[0][k] < c[1][k];
			if (ok) return c;
		}
		double[][] r = new double[2][n];
		for (int c = 0; c < n; c++) {
			double[] one = clipRange(n == 1 ? info : null, n == 1 ? d.slices().get(0) : d.plane(0, c));
			r[0][c] = one[0];
			r[1][c] = one[1];
		}
		return r;
	}

	/** The filled copy of a colour image: RGB for RGB, else the current position's channels as a composite. */
	private static Output colourOutput(LoadedModel model, ImagePlus imp, Roi roi, ImageData d, boolean[] mask,
			InpaintResult r, String title, long t0, String note) {
		int w = d.width(), h = d.height(), plane = w * h, nc = d.channels();
		String name = title == null || title.isEmpty() ? imp.getTitle() + " inpainted" : title;
		float[] v = r.image();
		ImagePlus res;
		if (imp.getType() == ImagePlus.COLOR_RGB) {
			ColorProcessor out = (ColorProcessor) imp.getProcessor().duplicate();
			for (int p = 0; p < plane; p++)
				if (mask[p]) out.set(p % w, p / w, ColourImages.byteOf(v[p]) << 16 | ColourImages.byteOf(v[plane + p]) << 8
						| ColourImages.byteOf(v[2 * plane + p]));
			res = new ImagePlus(name, out);
		} else {
			ImageStack st = new ImageStack(w, h);
			for (int c = 0; c < nc; c++) {
				ImageProcessor ip = imp.getStack().getProcessor(imp.getStackIndex(c + 1, imp.getSlice(), imp.getFrame()))
						.duplicate();
				write(ip, java.util.Arrays.copyOfRange(v, c * plane, (c + 1) * plane), mask, d.bitDepth() != 32);
				st.addSlice(imp.getStack().getSliceLabel(imp.getStackIndex(c + 1, imp.getSlice(), imp.getFrame())), ip);
			}
			ImagePlus flat = new ImagePlus(name, st);
			flat.setDimensions(nc, 1, 1);
			CompositeImage ci = new CompositeImage(flat, imp.isComposite() ? ((CompositeImage) imp).getMode()
					: CompositeImage.COMPOSITE);
			if (imp.isComposite()) {
				ci.setLuts(((CompositeImage) imp).getLuts());
				for (int c = 1; c <= nc; c++) {
					ci.setC(c);
					ci.setDisplayRange(((CompositeImage) imp).getChannelLut(c).min, ((CompositeImage) imp).getChannelLut(c).max);
				}
				ci.setC(1);
			}
			res = ci;
		}
		res.setCalibration(imp.getCalibration().copy());
		res.setRoi((Roi) roi.clone());
		ImagePlus mean = r.posteriorMean() == null ? null : ColourImages.composite(name + " mean",
				java.util.List.of(r.posteriorMean()), w, h, nc, model.saved().data());
		if (mean != null) mean.setCalibration(imp.getCalibration().copy());
		ImagePlus acc = floatImage(name + " acceptance", r.acceptance(), d, imp);
		return new Output(res, RoiMasks.count(mask), r.regionBits(), r.sweeps(), r.cancelled(),
				(System.nanoTime() - t0) / 1e9, LikelihoodMaps.join(note, ModelInputs.unitsNote(d)), mean, acc);
	}

	private static ImagePlus floatImage(String title, float[] v, ImageData d, ImagePlus like) {
		ImagePlus i = new ImagePlus(title, new ij.process.FloatProcessor(d.width(), d.height(), v.clone()));
		i.setCalibration(like.getCalibration().copy());
		return i;
	}

	/** [clipLow, clipHigh] of the model's data, else the finite range of the image. */
	static double[] clipRange(DataInfo info, float[] x) {
		if (info != null && info.clipLow() < info.clipHigh()) return new double[] { info.clipLow(), info.clipHigh() };
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (float v : x) if (Float.isFinite(v)) {
			lo = Math.min(lo, v);
			hi = Math.max(hi, v);
		}
		return new double[] { lo, hi > lo ? hi : lo + 1 };
	}

	/** Writes the filled pixels only; integers as ⌊x⌋ clamped to the type's range. */
	static void write(ImageProcessor out, float[] filled, boolean[] mask, boolean integer) {
		int w = out.getWidth();
		double max = out.getBitDepth() == 8 ? 255 : 65535;
		for (int p = 0; p < mask.length; p++) {
			if (!mask[p]) continue;
			if (integer) out.putPixel(p % w, p / w, (int) Math.max(0, Math.min(max, Math.floor(filled[p]))));
			else out.putPixelValue(p % w, p / w, filled[p]);
		}
	}

	/** Appends: image, model, region_px, region_bits_per_px, sweeps, seconds. */
	public static void addRow(ResultsTable rt, String image, String model, Output o) {
		rt.setNaNEmptyCells(true); // rows of other RIDE commands leave these columns empty, not 0
		rt.incrementCounter();
		rt.addValue("image", image);
		rt.addValue("model", model);
		rt.addValue("region_px", o.regionPx());
		rt.addValue("region_bits_per_px", o.regionBits());
		rt.addValue("sweeps", o.sweeps());
		rt.addValue("seconds", o.seconds());
	}
}
