package org.ride.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;

/** Shared test data and settings: tiny models on procedurally generated 24×24 images. */
final class TrainFixtures {

	static final int SIDE = 24;
	static final long MODEL_SEED = 11;

	private TrainFixtures() {}

	/**
	 * Dead-leaves-like images: random occluding discs of constant grey on a grey background plus weak
	 * noise. Within a disc the past predicts the pixel almost exactly, at edges it does not, so the
	 * whitened residual is heavy-tailed and a trained MCGSM beats the Gaussian a random one resembles.
	 */
	static List<TrainImage> images(int n, long seed) {
		Random r = new Random(seed);
		List<TrainImage> list = new ArrayList<>();
		for (int b = 0; b < n; b++) {
			float[] im = new float[SIDE * SIDE];
			java.util.Arrays.fill(im, (float) r.nextDouble());
			for (int d = 0; d < 30; d++) {
				double cx = SIDE * r.nextDouble(), cy = SIDE * r.nextDouble(), rad = 1.5 + 5 * r.nextDouble();
				float v = (float) r.nextDouble();
				for (int y = 0; y < SIDE; y++)
					for (int x = 0; x < SIDE; x++)
						if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= rad * rad) im[y * SIDE + x] = v;
			}
			for (int k = 0; k < im.length; k++) im[k] += (float) (0.02 * r.nextGaussian());
			list.add(new TrainImage(im, SIDE, SIDE));
		}
		return list;
	}

	static Ride model(DataType dt) {
		return new Ride(RideConfig.tiny(), dt, new Random(MODEL_SEED));
	}

	/**
	 * Two stages {8, 12}, batches of 4, mirrored augmentation, a short refit, small whitening sample.
	 * NB: stage 2's learning rate is far below the paper's 0.5: after the L-BFGS refit the MCGSM sits in a
	 * sharp minimum (near noise-free disc interiors) and momentum SGD on batches of only 4 small patches
	 * at lr ≥ 0.01 climbs out of it again.
	 */
	static TrainConfig config(long seed) {
		return TrainConfig.paper(seed).withStages(new int[] { 8, 12 }, new double[] { 0.5, 0.003 }).withBatchSize(4)
			.withFinetune(true, 10, 1000, 200).withWhiteningSamples(2000);
	}

	/** Patch areas with nothing held out. */
	static List<PatchArea> whole(List<TrainImage> images) {
		List<PatchArea> a = new ArrayList<>();
		for (TrainImage im : images) a.add(PatchArea.all(im.width(), im.height()));
		return a;
	}

	/** Every parameter of the model (LSTM arrays, then the MCGSM vector) as one double array. */
	static double[] parameters(Ride m) {
		List<double[]> parts = new ArrayList<>();
		int n = 0;
		for (INDArray a : m.lstm().parameters()) {
			double[] d = a.dup('c').castTo(DataType.DOUBLE).data().asDouble();
			parts.add(d);
			n += d.length;
		}
		double[] mc = m.mcgsm().params().toVector(RideTrainer.FLAGS);
		parts.add(mc);
		n += mc.length;
		double[] all = new double[n];
		int o = 0;
		for (double[] d : parts) {
			System.arraycopy(d, 0, all, o, d.length);
			o += d.length;
		}
		return all;
	}
}
