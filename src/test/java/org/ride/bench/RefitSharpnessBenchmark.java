package org.ride.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.mcgsm.McgsmParams;
import org.ride.core.mcgsm.TrainFlags;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.nd.NdInit;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.optim.Adam;
import org.ride.core.optim.Optimizer;
import org.ride.core.optim.Sgd;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;
import org.ride.core.train.RideTrainer;
import org.ride.core.train.TrainConfig;
import org.ride.core.train.TrainImage;

/**
 * Why the loss jumped after each L-BFGS refit (issue 9). On the demo's training image (the 128×128 crop at
 * (192, 192) of grass.png, dequantised) a RIDE 1/16 gets stage 1 of the former {@code fast} schedule (SGD
 * lr 1.0, patches 8) with and without its refit; then 12 batches of 12×12 patches are trained with SGD at
 * the former stage-2 rate 0.1, SGD on the MCGSM only, and ADAM 1e-3. Printed: the largest MCGSM log-scale α,
 * and per batch the loss (bits/px, before the update) and the LSTM gradient norm.
 * <pre>scripts/bench-refit-sharpness.sh</pre>
 */
public final class RefitSharpnessBenchmark {

	private RefitSharpnessBenchmark() {}

	public static void main(String[] args) {
		NdInit.ensure();
		System.out.println("# refit sharpness — " + Yardstick.machine());
		ij.ImagePlus imp = ij.IJ.openImage("sample-images/grass.png");
		ij.process.ImageProcessor ip = imp.getProcessor().convertToFloatProcessor();
		ip.setRoi(192, 192, 128, 128);
		float[] v = (float[]) ip.crop().getPixels();
		Random u = new Random(1);
		for (int i = 0; i < v.length; i++) v[i] += (float) u.nextDouble();
		TrainImage im = new TrainImage(v, 128, 128);
		TrainConfig stage1 = TrainConfig.fast(1).withMinutes(0).withRandomPatches(false).withValidationFraction(0)
			.withMethod(TrainConfig.Method.SGD, 0.9, 0.9, 0.999).withStages(new int[] { 8 }, new double[] { 1.0 })
			.withData(1, 2000, 1);
		for (boolean refit : new boolean[] { false, true })
			for (String how : new String[] { "SGD 0.1", "SGD 0.1 MCGSM only", "ADAM 1e-3" }) {
				TrainConfig c = refit ? stage1 : stage1.withFinetune(false, 0, 1, 0);
				Ride m = RideTrainer.train(new Ride(RideConfig.fast(), DataType.FLOAT, new Random(1)), List.of(im), c,
					Progress.NONE, CancelToken.NONE).model();
				System.out.printf(Locale.ROOT, "%s refit, then %s: max α %.2f%n ", refit ? "with" : "without", how,
					m.mcgsm().params().scales().maxNumber().doubleValue());
				Optimizer opt = how.startsWith("ADAM") ? new Adam(1e-3, 0.9, 0.999) : new Sgd(0.1, 0.9);
				Random r = new Random(2);
				for (int b = 0; b < 12; b++) {
					List<float[]> patches = new ArrayList<>();
					for (int k = 0; k < 50; k++) patches.add(im.crop(r.nextInt(117), r.nextInt(117), 12, 12));
					Ride.Grid g = m.whiten(Neighbourhoods.batch(patches, 12, 12, m.mask(), m.dataType()));
					Ride.Loss loss = m.lossAndGradient(g, TrainFlags.DEFAULT, true);
					double gl = 0;
					for (INDArray x : m.lstm().gradients()) gl += Math.pow(x.norm2Number().doubleValue(), 2);
					System.out.printf(Locale.ROOT, " %.3f (|g| %.3g)", loss.bitsPerPixel(1), Math.sqrt(gl));
					McgsmParams p = m.mcgsm().params();
					INDArray theta = Nd4j.createFromArray(p.toVector(TrainFlags.DEFAULT));
					List<INDArray> ps = new ArrayList<>(), gs = new ArrayList<>();
					if (!how.endsWith("only")) {
						ps.addAll(m.lstm().parameters());
						gs.addAll(m.lstm().gradients());
					}
					ps.add(theta);
					gs.add(Nd4j.createFromArray(loss.mcgsmGradient()));
					opt.step(ps, gs);
					p.setFromVector(theta.toDoubleVector(), TrainFlags.DEFAULT);
				}
				System.out.println();
			}
	}
}
