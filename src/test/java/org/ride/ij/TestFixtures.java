package org.ride.ij;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import ij.process.ByteProcessor;
import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.model.Ride;
import org.ride.core.model.RideConfig;
import org.ride.core.nd.NdInit;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.whitening.Whitening;
import org.ride.io.DataInfo;
import org.ride.io.RideModelFile;
import org.ride.io.SavedModel;

/** Deterministic fixtures: an 8-bit texture and a tiny model with fitted whitening (random LSTM/MCGSM). */
public final class TestFixtures {

	private TestFixtures() {}

	/** An 8-bit texture: stripes plus seeded noise, values in [0, 255]. */
	public static ByteProcessor texture(int w, int h, long seed) {
		Random r = new Random(seed);
		ByteProcessor bp = new ByteProcessor(w, h);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				bp.set(x, y, (int) Math.max(0, Math.min(255, 128 + 70 * Math.sin(0.7 * x + 0.3 * y) + 15 * r.nextGaussian())));
		return bp;
	}

	/** A tiny "trained" 8-bit model (whitening fitted on a dequantised texture) written to {@code zip}. */
	public static void writeTinyModel(Path zip) throws IOException {
		writeTinyModel(zip, 3);
	}

	/** As {@link #writeTinyModel(Path)} with other random LSTM/MCGSM weights for another {@code seed}. */
	public static void writeTinyModel(Path zip, long seed) throws IOException {
		NdInit.ensure();
		Ride m = new Ride(RideConfig.tiny(), DataType.FLOAT, new Random(seed));
		ImageData d = ImageData.of(new ij.ImagePlus("t", texture(48, 48, 9)), null, 4);
		Neighbourhoods nb = Neighbourhoods.batch(d.slices(), d.width(), d.height(), m.mask(), DataType.DOUBLE);
		m.setWhitening(Whitening.fit(nb.inputs().transpose(), nb.outputs().transpose()));
		DataInfo info = DataStats.of(d.slices(), 8, true, "gray value");
		RideModelFile.write(zip, SavedModel.of(m, info, null));
	}

	static List<float[]> one(float[] v) {
		return List.of(v);
	}
}
