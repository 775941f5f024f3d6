package org.ride.core.sample;

/**
 * The result of sampling B images (spec §7.7).
 *
 * @param images [b][(c·height + y)·width + x] pixel values in the model's data units
 * @param logq   per image Σ log MCGSM(ỹ|h) over the sampled pixels in nats (no Jacobian), or null if not asked
 */
public record Samples(double[][] images, int width, int height, int channels, double[] logq) {

	public int batch() {
		return images.length;
	}

	/** Image b as floats, same layout (a new array). */
	public float[] floatImage(int b) {
		double[] d = images[b];
		float[] f = new float[d.length];
		for (int k = 0; k < d.length; k++) f[k] = (float) d[k];
		return f;
	}
}
