package org.ride.core.sample;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;

import org.ride.core.model.Ride;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

/**
 * Sampling speed of RIDE 1/64 (FLOAT, random weights, whitening fitted on smooth random images): one 256×256
 * texture, a batch of 4, and the raster reference on a small image. Run as a main (surefire skips *Benchmark);
 * args: [size=256] [batch=4].
 */
public final class SamplingBenchmark {

	public static void main(String[] args) throws Exception {
		int size = args.length > 0 ? Integer.parseInt(args[0]) : 256, batch = args.length > 1 ? Integer.parseInt(args[1]) : 4;
		System.out.println("uptime: " + uptime() + "; OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS"));
		Ride model = org.ride.bench.RideSpeedBenchmark.model(); // RIDE 1/64, forget biases −1, whitening fitted
		List<float[]> data = SamplingFixtures.images(8, 64, 64, 2);
		TextureSynthesis.Options one = TextureSynthesis.Options.of(size, size, 3).withData(data.get(0), 1);
		TextureSynthesis.synthesize(model, TextureSynthesis.Options.of(32, 32, 1), Progress.NONE, CancelToken.NONE); // warm-up
		for (int rep = 0; rep < 2; rep++) report(model, one, "1 texture " + size + "×" + size);
		report(model, one.withCount(batch), batch + " textures " + size + "×" + size);
		int w = 24, h = 20;
		List<float[]> small = SamplingFixtures.images(1, w, h, 5);
		long t0 = System.nanoTime();
		RasterSampler.sample(model, small, w, h, SampleOptions.of(1), Progress.NONE, CancelToken.NONE);
		double sec = (System.nanoTime() - t0) / 1e9;
		long px = (long) (h - 2) * (w - 4);
		System.out.printf("raster reference %d×%d: %.2f s, %.0f px/s%n", w, h, sec, px / sec);
		t0 = System.nanoTime();
		WavefrontSampler.sample(model, small, w, h, SampleOptions.of(1), Progress.NONE, CancelToken.NONE);
		sec = (System.nanoTime() - t0) / 1e9;
		System.out.printf("wavefront on the same %d×%d: %.3f s, %.0f px/s%n", w, h, sec, px / sec);
		System.out.println("uptime: " + uptime());
	}

	private static void report(Ride model, TextureSynthesis.Options o, String what) {
		long t0 = System.nanoTime();
		TextureSynthesis.synthesize(model, o, Progress.NONE, CancelToken.NONE);
		double sec = (System.nanoTime() - t0) / 1e9;
		long px = (long) o.count() * o.width() * o.height();
		System.out.printf("%s: %.2f s, %.0f px/s (output pixels)%n", what, sec, px / sec);
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
