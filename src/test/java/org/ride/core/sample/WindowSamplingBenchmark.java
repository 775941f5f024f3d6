package org.ride.core.sample;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;

import org.ride.core.model.Ride;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

/**
 * The inpainting-shaped sampling call (spec §8.5): {@link WavefrontSampler#sample} on a batch of 12 windows of
 * 19×19 px with a 5×5 hole in the centre, per-image seeds and log q, RIDE 1/64 in FLOAT (random weights,
 * whitening fitted on smooth random images). Reports ms per call on 1 and 2 threads. Run as a main; args: [calls=40].
 */
public final class WindowSamplingBenchmark {

	public static void main(String[] args) {
		int calls = args.length > 0 ? Integer.parseInt(args[0]) : 40, batch = 12, m = 19, hole = 5;
		System.out.println("uptime: " + uptime() + "; OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS"));
		Ride model = org.ride.bench.RideSpeedBenchmark.model(); // RIDE 1/64, forget biases −1, whitening fitted
		List<float[]> windows = SamplingFixtures.images(batch, m, m, 7);
		boolean[][] masks = new boolean[batch][m * m];
		long[] seeds = new long[batch];
		int lo = (m - hole) / 2;
		for (int b = 0; b < batch; b++) {
			seeds[b] = 100 + b;
			for (int y = lo; y < lo + hole; y++)
				for (int x = lo; x < lo + hole; x++) masks[b][y * m + x] = true;
		}
		SampleOptions o = SampleOptions.perImage(new double[] {-3}, new double[] {3}, masks, seeds, true);
		WavefrontSampler sampler = new WavefrontSampler(); // reused between calls, as the inpainter does
		for (int w = 0; w < 10; w++) sampler.draw(model, windows, m, m, o, Progress.NONE, CancelToken.NONE);
		for (int rep = 0; rep < 3; rep++)
			for (int threads : new int[] {1, 2}) { // the batch halves on 1 or 2 threads, interleaved
				model.setThreads(threads);
				long t0 = System.nanoTime();
				double sink = 0;
				for (int c = 0; c < calls; c++)
					sink += sampler.draw(model, windows, m, m, o, Progress.NONE, CancelToken.NONE).logq()[0];
				double ms = (System.nanoTime() - t0) / 1e6 / calls;
				System.out.printf("12 windows 19×19, 5×5 hole, log q, %d thread(s): %.2f ms per call (log q[0] %.4f)%n",
					threads, ms, sink / calls);
			}
		System.out.println("uptime: " + uptime());
	}

	private static String uptime() {
		try (BufferedReader r = new BufferedReader(new InputStreamReader(new ProcessBuilder("uptime").start()
			.getInputStream()))) {
			return r.readLine().trim();
		} catch (Exception e) {
			return "n/a";
		}
	}
}
