package org.ride.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.view.Views;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.data.DeadLeaves;
import org.ride.core.data.DeadLeavesImage;
import org.ride.core.data.Dequantization;
import org.ride.core.mcgsm.Mcgsm;
import org.ride.core.mcgsm.McgsmConfig;
import org.ride.core.mcgsm.TrainFlags;
import org.ride.core.nd.NdInit;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.neighbourhood.NeighbourhoodSamples;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.optim.LbfgsOptions;
import org.ride.core.optim.LbfgsResult;
import org.ride.core.progress.CancelToken;
import org.ride.core.whitening.Whitening;
import org.ride.core.train.McgsmFit;

/**
 * Benchmark main (not a test): the MCGSM baseline on DL-256 dead leaves as a function of the causal
 * neighbourhood size (data-and-cost.md §1.3, spec §3, §4, §6.7, §8.2, §8.7).
 * <p>
 * For each nb_size: random (neighbourhood, pixel) pairs from the training images (indices 100..999), the
 * first images for training and the last ones for validation (split by image, as cmt's baselines do);
 * conditional whitening fitted on the training pairs; {@code MCGSM(d_in, 1, K=32, S=4, F=32)} trained by
 * L-BFGS with validation early stopping ({@link McgsmFit}, cmt defaults except max_iter). Evaluation
 * (§8.2): every test image (0..99) is cut into 16 non-overlapping 64×64 crops; per crop the mean
 * log-likelihood in bits/px over its reachable pixels, including the whitening log-Jacobian:
 * <pre>  LL_crop = mean_px ( log p(ỹ | x̃) + logJ ) / ln 2 </pre>
 * reported as mean ± SEM over crops (and over the 16 crop locations, as evaluate.py does). Units are
 * x = v + u ∈ [0,256) (dequantised 8-bit); the unit-variance convention adds log2(σ_256).
 * Log-likelihood: higher is better.
 * <p>
 * Options ({@code --name value}): train (30000), val (10000), maxIter (200), nb (3,5,7,9),
 * trainImages (900), testImages (100), dtype (DOUBLE), seed (1). Progress goes to stderr, the Markdown
 * table to stdout.
 */
public final class McgsmNeighbourhoodBenchmark {

	private static final int CROP = 64, K = 32, S = 4, F = 32;
	private static final double LN2 = Math.log(2);

	/** One row of the result table. */
	private record Row(int nb, int inputs, long trainPairs, long valPairs, int iterations, String stop,
		double valBits, double mean, double semCrops, double semLocations, double trainSec, double evalSec) {}

	public static void main(String[] args) {
		NdInit.ensure();
		Opts o = new Opts(args);
		long t0 = System.nanoTime();
		DeadLeaves gen = DeadLeaves.dl256();
		List<double[]> train = images(gen, DeadLeaves.TRAIN_START, o.trainImages);
		List<double[]> test = images(gen, DeadLeaves.TEST_START, o.testImages);
		double sigma = std(train);
		log("generated %d train + %d test DL-256 images in %.1f s; sigma_256 = %.3f (shift %+.4f bits)",
			train.size(), test.size(), secs(t0), sigma, log2(sigma));
		List<Row> rows = new ArrayList<>();
		for (int nb : o.nb) {
			rows.add(run(nb, train, test, o));
			printTable(rows, sigma, o); // after every size, so a killed run still leaves a table in the log
		}
	}

	private static Row run(int nb, List<double[]> train, List<double[]> test, Opts o) {
		CausalMask mask = CausalMask.of(nb);
		long t0 = System.nanoTime();
		// §8.7: a fixed budget per image; validation pairs come from the last training images
		int perImage = (int) Math.ceil((double) (o.train + o.val) / train.size());
		int trainImgs = (int) Math.round(train.size() * (double) o.train / (o.train + o.val));
		Random rng = new Random(o.seed * 1000 + nb);
		INDArray[] tr = samples(train.subList(0, trainImgs), mask, perImage, rng, o.dtype);
		INDArray[] va = samples(train.subList(trainImgs, train.size()), mask, perImage, rng, o.dtype);
		Whitening wh = Whitening.fit(tr[0], tr[1], Whitening.DEFAULT_MAX_SAMPLES, rng);
		Whitening.Pair trw = wh.forward(tr[0], tr[1]), vaw = wh.forward(va[0], va[1]);
		log("nb %d: %d inputs, %d train + %d val pairs (%d/image), logJ = %.4f nats; extraction+whitening %.1f s",
			nb, mask.numInputs(), tr[0].columns(), va[0].columns(), perImage, wh.logJacobian(), secs(t0));
		Mcgsm model = new Mcgsm(McgsmConfig.of(mask.numInputs(), K, S, F), o.dtype, new Random(o.seed * 7919 + nb));
		long[] last = { System.nanoTime() };
		LbfgsResult r = McgsmFit.fit(model, trw.x(), trw.y(), vaw.x(), vaw.y(), TrainFlags.DEFAULT,
			LbfgsOptions.defaults().withMaxIter(o.maxIter), (stage, step, total, msg) -> {
				if (step % 25 == 0) {
					log("nb %d: %s (%.2f s/iter)", nb, msg, secs(last[0]) / 25);
					last[0] = System.nanoTime();
				}
			}, CancelToken.NONE);
		double trainSec = secs(t0);
		log("nb %d: stopped after %d iterations (%s), train objective %.4f, validation %.4f bits (whitened, no "
			+ "Jacobian); %.1f s", nb, r.iterations(), r.stopReason(), r.value(), r.validationLoss(), trainSec);
		long t1 = System.nanoTime();
		double[][] crop = evaluate(model, wh, mask, test); // [image][location]
		double evalSec = secs(t1);
		double[] all = Arrays.stream(crop).flatMapToDouble(Arrays::stream).toArray();
		double[] perLoc = new double[crop[0].length];
		for (double[] img : crop)
			for (int l = 0; l < perLoc.length; l++) perLoc[l] += img[l] / crop.length;
		Row row = new Row(nb, mask.numInputs(), tr[0].columns(), va[0].columns(), r.iterations(),
			r.stopReason().toString(), r.validationLoss(), mean(all), sem(all), sem(perLoc), trainSec, evalSec);
		log("nb %d: test %.4f ± %.4f bits/px (%d crops), eval %.1f s", nb, row.mean, row.semCrops, all.length, evalSec);
		return row;
	}

	/** Dequantised images {@code start .. start+count−1} of DL-256, row-major [256·256] in [0,256). */
	private static List<double[]> images(DeadLeaves gen, int start, int count) {
		List<double[]> out = new ArrayList<>(count);
		for (int i = start; i < start + count; i++) {
			DeadLeavesImage img = gen.generate(i);
			out.add(Dequantization.dequantise(img, i));
			if ((i - start + 1) % 100 == 0) log("  generated %d/%d images from index %d", i - start + 1, count, start);
		}
		return out;
	}

	private static RandomAccessibleInterval<DoubleType> wrap(double[] px) {
		return ArrayImgs.doubles(px, DeadLeaves.DL256_SIZE, DeadLeaves.DL256_SIZE);
	}

	/**
	 * Up to {@code perImage} random pairs per image as {x [d_in, N], y [1, N]} ('f' views of 'c' [N, d]).
	 * NB: extracted in blocks of 100 images, because the extraction copies all its images into flat arrays
	 * first (900 double images would be 470 MB at once).
	 */
	private static INDArray[] samples(List<double[]> imgs, CausalMask mask, int perImage, Random rng, DataType dt) {
		List<INDArray> in = new ArrayList<>(), out = new ArrayList<>();
		for (int a = 0; a < imgs.size(); a += 100) {
			List<RandomAccessibleInterval<DoubleType>> block = new ArrayList<>();
			for (double[] px : imgs.subList(a, Math.min(imgs.size(), a + 100))) block.add(wrap(px));
			NeighbourhoodSamples s = NeighbourhoodSamples.random(block, mask, perImage, rng, dt);
			in.add(s.inputs());
			out.add(s.outputs());
		}
		INDArray x = in.size() == 1 ? in.get(0) : Nd4j.vstack(in.toArray(INDArray[]::new));
		INDArray y = out.size() == 1 ? out.get(0) : Nd4j.vstack(out.toArray(INDArray[]::new));
		return new INDArray[] { x.transpose(), y.transpose() };
	}

	/** §8.2: per test image and 64×64 crop location, the mean LL in bits/px over the crop's reachable pixels. */
	private static double[][] evaluate(Mcgsm model, Whitening wh, CausalMask mask, List<double[]> test) {
		int per = DeadLeaves.DL256_SIZE / CROP, locations = per * per;
		double[][] res = new double[test.size()][locations];
		for (int b = 0; b < test.size(); b++) {
			RandomAccessibleInterval<DoubleType> img = wrap(test.get(b));
			List<RandomAccessibleInterval<DoubleType>> crops = new ArrayList<>(locations);
			for (int l = 0; l < locations; l++) {
				long x0 = (long) (l % per) * CROP, y0 = (long) (l / per) * CROP;
				crops.add(Views.zeroMin(Views.interval(img, new long[] { x0, y0 },
					new long[] { x0 + CROP - 1, y0 + CROP - 1 })));
			}
			Neighbourhoods g = Neighbourhoods.batch(crops, mask, model.params().dataType());
			Whitening.Pair w = wh.forward(g.inputs().transpose(), g.outputs().transpose());
			double[] ll = model.logLikelihood(w.x(), w.y()).castTo(DataType.DOUBLE).dup('c').data().asDouble();
			int n = g.gridRows() * g.gridCols(); // crop l owns samples [l·n, (l+1)·n) (grid order)
			for (int l = 0; l < locations; l++) {
				double s = 0;
				for (int k = l * n; k < (l + 1) * n; k++) s += ll[k];
				res[b][l] = (s / n + wh.logJacobian()) / LN2;
			}
			if ((b + 1) % 25 == 0) log("  evaluated %d/%d test images", b + 1, test.size());
		}
		return res;
	}

	private static void printTable(List<Row> rows, double sigma, Opts o) {
		StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%n<!-- train %d, val %d, maxIter %d, "
			+ "dtype %s, seed %d, %d train / %d test images, sigma_256 %.4f -->%n", o.train, o.val, o.maxIter,
			o.dtype, o.seed, o.trainImages, o.testImages, sigma));
		s.append("| nb_size | inputs | train / val pairs | iterations | stop reason | val loss (bits, whitened) "
			+ "| test LL [0,256) bits/px ± SEM crops (locations) | test LL unit-var. bits/px | train time | "
			+ "eval time |\n|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
		for (Row r : rows)
			s.append(String.format(Locale.ROOT, "| %d | %d | %d / %d | %d | %s | %.4f | %.4f ± %.4f (%.4f) | %.4f | "
				+ "%.0f s | %.0f s |%n", r.nb, r.inputs, r.trainPairs, r.valPairs, r.iterations, r.stop, r.valBits,
				r.mean, r.semCrops, r.semLocations, r.mean + log2(sigma), r.trainSec, r.evalSec));
		System.out.print(s);
		System.out.flush();
	}

	// -- small statistics --

	private static double std(List<double[]> imgs) {
		double s = 0, s2 = 0;
		long n = 0;
		for (double[] px : imgs)
			for (double v : px) {
				s += v;
				s2 += v * v;
				n++;
			}
		double m = s / n;
		return Math.sqrt(s2 / n - m * m);
	}

	private static double mean(double[] v) {
		return Arrays.stream(v).average().orElse(Double.NaN);
	}

	/** Standard error of the mean, sample standard deviation (n − 1) / √n. */
	private static double sem(double[] v) {
		double m = mean(v), ss = 0;
		for (double e : v) ss += (e - m) * (e - m);
		return Math.sqrt(ss / (v.length - 1) / v.length);
	}

	private static double log2(double v) {
		return Math.log(v) / LN2;
	}

	private static double secs(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

	private static void log(String fmt, Object... a) {
		System.err.printf(Locale.ROOT, "[%tT] " + fmt + "%n", prepend(new java.util.Date(), a));
		System.err.flush();
	}

	private static Object[] prepend(Object first, Object[] rest) {
		Object[] r = new Object[rest.length + 1];
		r[0] = first;
		System.arraycopy(rest, 0, r, 1, rest.length);
		return r;
	}

	/** Command-line options {@code --name value}. */
	private static final class Opts {
		int train = 30_000, val = 10_000, maxIter = 200, trainImages = 900, testImages = 100;
		long seed = 1;
		int[] nb = { 3, 5, 7, 9 };
		DataType dtype = DataType.DOUBLE;

		Opts(String[] args) {
			for (int i = 0; i < args.length; i += 2) {
				if (i + 1 >= args.length) throw new IllegalArgumentException("option " + args[i] + " needs a value");
				String k = args[i].replaceFirst("^--", ""), v = args[i + 1];
				switch (k) {
				case "train" -> train = Integer.parseInt(v);
				case "val" -> val = Integer.parseInt(v);
				case "maxIter" -> maxIter = Integer.parseInt(v);
				case "trainImages" -> trainImages = Integer.parseInt(v);
				case "testImages" -> testImages = Integer.parseInt(v);
				case "seed" -> seed = Long.parseLong(v);
				case "nb" -> nb = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
				case "dtype" -> dtype = DataType.valueOf(v.toUpperCase(Locale.ROOT));
				default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --train, --val, "
					+ "--maxIter, --nb, --trainImages, --testImages, --dtype or --seed");
				}
			}
			if (trainImages < 2 || trainImages > 900 || testImages < 1 || testImages > 100)
				throw new IllegalArgumentException("use 2..900 training and 1..100 test images");
		}
	}
}
