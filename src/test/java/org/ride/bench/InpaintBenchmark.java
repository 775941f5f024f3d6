package org.ride.bench;

import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import javax.imageio.ImageIO;

import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.inpaint.InpaintOptions;
import org.ride.core.inpaint.InpaintResult;
import org.ride.core.inpaint.Inpainter;
import org.ride.core.model.LogLikelihoodMap;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.nd.NdInit;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.sample.TextureSynthesis;
import org.ride.core.train.RideTrainer;
import org.ride.core.train.TrainConfig;

/**
 * The paper's texture inpainting protocol (spec §8.5; issue "Inpainting any ROI") on a CC0 texture of
 * sample-images/ (not a test): the 512×512 texture is split into 4×4 regions of 128×128; RIDE 1/64 and the
 * MCGSM baseline are trained on the 15 others, then a centred 71×71 hole in the held-out bottom-right region is
 * filled with 100 sweeps of Metropolis-within-Gibbs. Reported per model: wall time, the mean log-likelihood
 * (bits/px) of the hole pixels for the fill and for the true content (scored in the same window), PSNR of the
 * posterior mean (last half of the sweeps) and of the final single sample against the truth, and the
 * distance between the radially averaged log power spectra of fill and truth inside the hole. Writes
 * before/after PNGs to docs/images/.
 * <pre>scripts/bench-inpaint.sh [texture.png] [sweeps] [patchesPerStage] [ride,mcgsm]</pre>
 */
public final class InpaintBenchmark {

	private static final int SIDE = 512, REGION = 128, HOLE = 71;

	public static void main(String[] args) throws Exception {
		NdInit.ensure();
		String file = args.length > 0 ? args[0] : "sample-images/grass.png";
		int sweeps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
		int patches = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
		String models = args.length > 3 ? args[3] : "ride,mcgsm";
		float[] tex = read(file);
		List<float[]> train = new ArrayList<>();
		for (int r = 0; r < 15; r++) train.add(crop(tex, (r % 4) * REGION, (r / 4) * REGION));
		float[] truth = crop(tex, 3 * REGION, 3 * REGION);
		int h0 = (REGION - HOLE) / 2;
		boolean[] hole = new boolean[REGION * REGION];
		for (int y = h0; y < h0 + HOLE; y++)
			for (int x = h0; x < h0 + HOLE; x++) hole[y * REGION + x] = true;
		double[][] clip = TextureSynthesis.clipRange(concat(train), 1);
		String name = new File(file).getName().replace(".png", "");
		new File("docs/images").mkdirs();
		write(truth, "docs/images/inpaint-" + name + "-truth.png");
		float[] holed = truth.clone();
		for (int p = 0; p < hole.length; p++) if (hole[p]) holed[p] = 0;
		write(holed, "docs/images/inpaint-" + name + "-hole.png");
		System.out.printf("# Inpainting %s — %s%n%n| model | train s | fill s | LL fill | LL truth | PSNR mean | PSNR sample"
			+ " | spectrum dist |%n|---|---|---|---|---|---|---|---|%n", file, Yardstick.machine());
		for (int layers : new int[] { 1, 0 }) {
			if (!models.contains(layers == 0 ? "mcgsm" : "ride")) continue;
			long t = System.nanoTime();
			RideConfig c = layers == 0 ? RideConfig.mcgsm(5) : RideConfig.paper(1);
			TrainConfig cfg = TrainConfig.paper(1).withData(1, patches, 1).withFinetune(true, 60, 100_000, 10_000);
			Ride m = RideTrainer.train(new Ride(c, DataType.FLOAT, new Random(1)), train, REGION, REGION, cfg, Progress.NONE,
				CancelToken.NONE).model();
			double trainS = secs(t);
			t = System.nanoTime();
			InpaintOptions o = InpaintOptions.defaults(clip[0][0], clip[1][0], 1).withSweeps(sweeps).withMeanSweeps(sweeps / 2);
			InpaintResult r = Inpainter.inpaint(m, holed, REGION, REGION, hole, o, log(), CancelToken.NONE);
			double fillS = secs(t);
			double llTruth = holeBits(m, truth, hole), llFill = holeBits(m, r.image(), hole);
			write(r.image(), "docs/images/inpaint-" + name + "-" + (layers == 0 ? "mcgsm" : "ride") + ".png");
			System.out.printf(Locale.ROOT, "| %s | %.0f | %.1f | %.3f | %.3f | %.2f dB | %.2f dB | %.3f |%n", c.label(), trainS,
				fillS, llFill, llTruth, psnr(r.posteriorMean(), truth, hole), psnr(r.image(), truth, hole),
				spectrumDistance(r.image(), truth, h0));
		}
	}

	/** Mean log-likelihood in bits of the hole pixels, from the map of the whole region. */
	static double holeBits(Ride m, float[] img, boolean[] hole) {
		float[] map = LogLikelihoodMap.compute(m, img, REGION, REGION, Progress.NONE, CancelToken.NONE).bits();
		double s = 0;
		int n = 0;
		for (int p = 0; p < map.length; p++)
			if (hole[p]) {
				s += map[p];
				n++;
			}
		return s / n;
	}

	static double psnr(float[] a, float[] truth, boolean[] hole) {
		double se = 0;
		int n = 0;
		for (int p = 0; p < a.length; p++)
			if (hole[p]) {
				se += (a[p] - truth[p]) * (a[p] - truth[p]);
				n++;
			}
		return 10 * Math.log10(255.0 * 255.0 / (se / n));
	}

	/** RMS difference of the radially averaged log10 power spectra (mean removed) of the two hole contents. */
	static double spectrumDistance(float[] a, float[] b, int h0) {
		double[] pa = radialSpectrum(a, h0), pb = radialSpectrum(b, h0);
		double s = 0;
		for (int k = 1; k < pa.length; k++) s += Math.pow(Math.log10(pa[k]) - Math.log10(pb[k]), 2);
		return Math.sqrt(s / (pa.length - 1));
	}

	private static double[] radialSpectrum(float[] img, int h0) {
		int n = HOLE, bins = n / 2;
		double mean = 0;
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++) mean += img[(h0 + y) * REGION + h0 + x] / (double) (n * n);
		double[] power = new double[bins + 1];
		int[] count = new int[bins + 1];
		for (int v = 0; v < n; v++)
			for (int u = 0; u < n; u++) {
				double re = 0, im = 0;
				for (int y = 0; y < n; y++)
					for (int x = 0; x < n; x++) {
						double ph = -2 * Math.PI * ((double) u * x / n + (double) v * y / n);
						double val = img[(h0 + y) * REGION + h0 + x] - mean;
						re += val * Math.cos(ph);
						im += val * Math.sin(ph);
					}
				int fu = Math.min(u, n - u), fv = Math.min(v, n - v), k = (int) Math.round(Math.hypot(fu, fv));
				if (k <= bins) {
					power[k] += re * re + im * im;
					count[k]++;
				}
			}
		for (int k = 0; k <= bins; k++) power[k] = power[k] / Math.max(1, count[k]) + 1e-9;
		return power;
	}

	static float[] read(String file) throws Exception {
		BufferedImage bi = ImageIO.read(new File(file));
		float[] v = new float[SIDE * SIDE];
		Random u = new Random(0); // dequantisation noise, data-and-cost.md §1.3 item 9
		for (int y = 0; y < SIDE; y++)
			for (int x = 0; x < SIDE; x++) v[y * SIDE + x] = (float) (bi.getRaster().getSample(x, y, 0) + u.nextDouble());
		return v;
	}

	static float[] crop(float[] img, int x0, int y0) {
		float[] c = new float[REGION * REGION];
		for (int y = 0; y < REGION; y++) System.arraycopy(img, (y0 + y) * SIDE + x0, c, y * REGION, REGION);
		return c;
	}

	static float[] concat(List<float[]> l) {
		float[] all = new float[l.size() * REGION * REGION];
		for (int k = 0; k < l.size(); k++) System.arraycopy(l.get(k), 0, all, k * REGION * REGION, REGION * REGION);
		return all;
	}

	static void write(float[] img, String path) throws Exception {
		BufferedImage bi = new BufferedImage(REGION, REGION, BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < REGION; y++)
			for (int x = 0; x < REGION; x++)
				bi.getRaster().setSample(x, y, 0, Math.max(0, Math.min(255, (int) Math.floor(img[y * REGION + x]))));
		ImageIO.write(bi, "png", new File(path));
	}

	private static Progress log() {
		long[] last = { 0 };
		return (stage, step, total, msg) -> {
			if (System.nanoTime() - last[0] > 20e9) {
				last[0] = System.nanoTime();
				System.err.println("  " + msg);
			}
		};
	}

	private static double secs(long since) {
		return (System.nanoTime() - since) / 1e9;
	}
}
