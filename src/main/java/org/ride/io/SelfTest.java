package org.ride.io;

import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.ride.core.model.LogLikelihoodMap;
import org.ride.core.model.Ride;
import org.ride.core.nd.Shapes;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.io.ModelFileException.Problem;

/**
 * The self-test of a model file ({@code docs/model-format.md} §2.6, fiji-notes §6.4 after N2V): the writer
 * stores a small deterministic test image {@code self_test_input} (float32 [D, s, s], s = max(16, 2·nb_size),
 * values spread over the data's clipping range) and the per-pixel log-likelihood map the saved model gives it,
 * {@code self_test_loglik} (float32 [s, s], nats, NaN at the unreachable border, spec §7.3). The reader
 * recomputes the map with the loaded model and refuses the file unless every pixel and the mean agree:
 * <pre>  |got − want| ≤ TOLERANCE · max(1, |want|)       (NaN exactly where want is NaN)</pre>
 * On the machine that wrote the file the maps are bit-identical; the tolerance leaves room for another
 * platform's float32 rounding while catching weights that do not belong to the config or a broken loader.
 */
final class SelfTest {

	/** Relative tolerance (float32 maths through the LSTM; see class comment). */
	static final double TOLERANCE = 1e-4;
	static final String INPUT = "self_test_input", EXPECTED = "self_test_loglik";
	private static final long SEED = 0x5E1F_7E57L;

	private SelfTest() {}

	static int side(Ride m) {
		return Math.max(16, 2 * m.config().nbSize());
	}

	/**
	 * A smooth pattern plus noise spanning [lo, hi] (the data's clipping range, else μ_y ± 1): realistic enough that
	 * every gate and mixture component matters, deterministic so that the same model gives the same file.
	 */
	static float[] input(Ride m, DataInfo d) {
		double lo, hi;
		if (d != null) {
			lo = d.clipLow();
			hi = d.clipHigh() > d.clipLow() ? d.clipHigh() : d.clipLow() + 1;
		} else {
			double mu = m.whitening().meanOut()[0];
			lo = mu - 1;
			hi = mu + 1;
		}
		int s = side(m), ch = m.config().numChannels();
		Random r = new Random(SEED);
		float[] im = new float[ch * s * s];
		for (int c = 0; c < ch; c++)
			for (int y = 0; y < s; y++)
				for (int x = 0; x < s; x++) {
					double v = 0.5 + 0.3 * Math.sin(0.7 * x + 0.9 * c) * Math.cos(0.45 * y) + 0.2 * (r.nextDouble() - 0.5);
					im[(c * s + y) * s + x] = (float) (lo + (hi - lo) * v);
				}
		return im;
	}

	static LogLikelihoodMap map(Ride m, float[] image, int side) {
		return LogLikelihoodMap.compute(m, image, side, side, Progress.NONE,
			CancelToken.NONE);
	}

	/** Adds the two arrays and the {@code self_test} section for a trained model. */
	static void put(ObjectNode root, ModelArchive.Builder b, Ride m, DataInfo d) {
		int s = side(m), ch = m.config().numChannels();
		float[] im = input(m, d);
		LogLikelihoodMap ll = map(m, im, s);
		b.array(INPUT, Nd4j.create(im, new long[] { ch, s, s }, 'c'));
		b.array(EXPECTED, Nd4j.create(ll.nats(), new long[] { s, s }, 'c'));
		root.putObject("self_test").put("input", INPUT).put("expected", EXPECTED).put("width", s).put("height", s)
			.put("loglik_mean", mean(ll.nats())).put("tolerance", TOLERANCE).put("units", "nats/px");
	}

	/** Recomputes the stored map with the loaded model; throws {@link Problem#SELF_TEST_FAILED} on disagreement. */
	static void check(ModelArchive a, Ride m) throws ModelFileException {
		int ch = m.config().numChannels();
		INDArray in = a.requireShape(INPUT, ch, Shapes.ANY, Shapes.ANY);
		int h = (int) in.size(1), w = (int) in.size(2);
		float[] want = a.requireShape(EXPECTED, h, w).castTo(DataType.FLOAT).data().asFloat();
		float[] got;
		try {
			got = LogLikelihoodMap.compute(m, in.castTo(DataType.FLOAT).data().asFloat(), w, h, Progress.NONE, CancelToken.NONE).nats();
		} catch (IllegalArgumentException e) {
			throw fail(a, "cannot be run (" + e.getMessage() + ")");
		}
		int worst = -1;
		double worstErr = 0;
		for (int i = 0; i < want.length; i++) {
			if (Float.isNaN(want[i]) != Float.isNaN(got[i]))
				throw fail(a, "scores pixel (" + i % w + ", " + i / w + ") as " + got[i] + " nats but the saved model gave "
					+ want[i]);
			double err = Float.isNaN(want[i]) ? 0 : Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i]));
			if (Double.isNaN(err)) err = Double.POSITIVE_INFINITY; // NB: an infinite value on either side (inf/inf)
			if (err > worstErr) {
				worstErr = err;
				worst = i;
			}
		}
		double wantMean = a.getDouble("self_test.loglik_mean"), gotMean = mean(got);
		double tol = a.getDouble("self_test.tolerance");
		if (!(tol >= 0 && tol <= 0.1)) throw ModelJson.bad(a, "self_test.tolerance is " + tol + "; it must be in [0, 0.1]");
		if (worstErr > tol || !(Math.abs(gotMean - wantMean) <= tol * Math.max(1, Math.abs(wantMean))))
			throw fail(a, "gives a mean log-likelihood of " + gotMean + " nats/px on the stored test image but the saved "
				+ "model gave " + wantMean + (worst < 0 ? "" : " (largest pixel difference: " + got[worst] + " vs " + want[worst]
				+ " at (" + worst % w + ", " + worst / w + "))") + ", beyond the relative tolerance " + tol);
	}

	private static ModelFileException fail(ModelArchive a, String what) {
		return new ModelFileException(Problem.SELF_TEST_FAILED, a.source(), (a.source() == null ? "the model" : a.source())
			+ " fails its self-test: the loaded model " + what + "; its weights do not belong to its config (the file was "
			+ "altered) or this RIDE reads it wrongly: use the file as RIDE wrote it, or retrain the model");
	}

	/** Mean over reachable (non-NaN) pixels, in double. */
	static double mean(float[] nats) {
		double s = 0;
		int n = 0;
		for (float v : nats)
			if (!Float.isNaN(v)) {
				s += v;
				n++;
			}
		return s / n;
	}
}
