package org.ride.bench;

import org.ride.core.inpaint.InpaintOptions;
import org.ride.core.inpaint.Inpainter;
import org.ride.core.model.Ride;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

/**
 * Inpainting speed without training (not a test), compiled unchanged against older checkouts by
 * scripts/bench-before-after.sh, so it uses only API both sides have: {@link RideSpeedBenchmark#model()}'s
 * random-weight RIDE 1/64, a centred 71×71 hole in a 128×128 dead-leaves crop, the default protocol (19×19
 * windows, 5×5 blocks, stride 3, flips, 5 ancestral starts); the start and 10 sweeps timed after a 2-sweep
 * warm-up, scaled to 100 sweeps. Args: [label].
 */
public final class InpaintSpeedBenchmark {

	public static void main(String[] args) {
		Ride m = RideSpeedBenchmark.model();
		int side = 128, hole = 71, h0 = (side - hole) / 2;
		float[] dl = RideSpeedBenchmark.deadLeaves(0), im = new float[side * side];
		for (int y = 0; y < side; y++) System.arraycopy(dl, y * 256, im, y * side, side);
		boolean[] mask = new boolean[side * side];
		for (int y = h0; y < h0 + hole; y++)
			for (int x = h0; x < h0 + hole; x++) mask[y * side + x] = true;
		InpaintOptions o = InpaintOptions.defaults(0, 256, 1).withSweeps(0);
		Inpainter.inpaint(m, im, side, side, mask, o.withSweeps(2), Progress.NONE, CancelToken.NONE); // warm-up
		long t0 = System.nanoTime();
		Inpainter.inpaint(m, im, side, side, mask, o, Progress.NONE, CancelToken.NONE);
		double start = (System.nanoTime() - t0) / 1e9;
		t0 = System.nanoTime();
		Inpainter.inpaint(m, im, side, side, mask, o.withSweeps(10), Progress.NONE, CancelToken.NONE);
		double ten = (System.nanoTime() - t0) / 1e9;
		System.out.printf("%s: start %.2f s, per sweep %.3f s, 100 sweeps %.1f s — %s%n",
			args.length > 0 ? args[0] : "this checkout", start, (ten - start) / 10, start + 10 * (ten - start),
			Yardstick.machine());
	}
}
