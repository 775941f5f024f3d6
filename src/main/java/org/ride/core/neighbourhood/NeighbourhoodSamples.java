package org.ride.core.neighbourhood;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.ride.core.nd.NdInit;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * Causal neighbourhoods at random grid positions, drawn without replacement and in random order — the
 * second variant of cmt's {@code generate_data_from_image} (spec §3.2), used by the MCGSM baselines (§8.7)
 * and to subsample whitening data.
 * <p>
 * Same layouts as {@link Neighbourhoods}: {@link #inputs()} {@code [N, numInputs]} and {@link #outputs()}
 * {@code [N, C]}, 'c' order, FLOAT or DOUBLE; sample n came from image {@link #image()}[n] at grid position
 * ({@link #gridRow()}[n], {@link #gridCol()}[n]), i.e. output pixel (gridRow + iOff, gridCol + jOff).
 * All randomness comes from the {@link Random} passed in.
 */
public final class NeighbourhoodSamples {

	private final INDArray inputs, outputs;
	private final int[] image, gridRow, gridCol;

	private NeighbourhoodSamples(INDArray inputs, INDArray outputs, int[] image, int[] gridRow, int[] gridCol) {
		this.inputs = inputs;
		this.outputs = outputs;
		this.image = image;
		this.gridRow = gridRow;
		this.gridCol = gridCol;
	}

	/** {@code numSamples} distinct random grid positions of one 2-D/3-D image. */
	public static NeighbourhoodSamples random(RandomAccessibleInterval<? extends RealType<?>> img, CausalMask mask,
		int numSamples, Random random, DataType dtype) {
		FlatImage f = FlatImage.of(img, mask, FlatImage.isDouble(dtype), "image");
		return draw(List.of(f), mask, new int[] { exact(numSamples, f, mask) }, random, dtype);
	}

	/** {@code numSamples} distinct random grid positions of one flat image {@code pixels[(c·H + y)·W + x]}. */
	public static NeighbourhoodSamples random(float[] pixels, int width, int height, CausalMask mask,
		int numSamples, Random random, DataType dtype) {
		FlatImage f = FlatImage.of(pixels, width, height, mask, FlatImage.isDouble(dtype), "image");
		return draw(List.of(f), mask, new int[] { exact(numSamples, f, mask) }, random, dtype);
	}

	/**
	 * Up to {@code maxPerImage} distinct random positions from each image (all of an image's positions when
	 * it has fewer), concatenated in list order; images may differ in size.
	 */
	public static NeighbourhoodSamples random(List<? extends RandomAccessibleInterval<? extends RealType<?>>> images,
		CausalMask mask, int maxPerImage, Random random, DataType dtype) {
		if (images == null || images.isEmpty())
			throw new IllegalArgumentException("no images given; pass at least one image");
		if (maxPerImage < 1) throw new IllegalArgumentException("maxPerImage is " + maxPerImage
			+ "; it must be at least 1");
		boolean dbl = FlatImage.isDouble(dtype);
		List<FlatImage> flat = new ArrayList<>(images.size());
		int[] counts = new int[images.size()];
		for (int b = 0; b < images.size(); b++) {
			FlatImage f = FlatImage.of(images.get(b), mask, dbl, "image " + b);
			flat.add(f);
			counts[b] = (int) Math.min(maxPerImage, (long) f.gridRows(mask) * f.gridCols(mask));
		}
		return draw(flat, mask, counts, random, dtype);
	}

	private static int exact(int numSamples, FlatImage f, CausalMask mask) {
		long avail = (long) f.gridRows(mask) * f.gridCols(mask);
		if (numSamples < 1 || numSamples > avail) throw new IllegalArgumentException("numSamples is " + numSamples
			+ " but a " + f.width + "×" + f.height + " image has " + avail + " grid positions for nb_size="
			+ mask.nbSize() + "; ask for 1 … " + avail + " samples or use the full grid (Neighbourhoods.grid)");
		return numSamples;
	}

	private static NeighbourhoodSamples draw(List<FlatImage> images, CausalMask mask, int[] counts, Random random,
		DataType dtype) {
		if (random == null) throw new IllegalArgumentException("random positions need a java.util.Random; pass a "
			+ "seeded one");
		NdInit.ensure();
		long total = 0;
		for (int c : counts) total += c;
		if (total * mask.numInputs() > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(total
			+ " samples of " + mask.numInputs() + " values are too many for one array; ask for fewer");
		int n = (int) total;
		boolean dbl = dtype == DataType.DOUBLE;
		Object in = dbl ? new double[n * mask.numInputs()] : new float[n * mask.numInputs()];
		Object out = dbl ? new double[n * mask.numChannels()] : new float[n * mask.numChannels()];
		int[] img = new int[n], row = new int[n], col = new int[n];
		int s = 0;
		for (int b = 0; b < images.size(); b++) {
			FlatImage f = images.get(b);
			int gc = f.gridCols(mask);
			int[] pos = choose(f.gridRows(mask) * gc, counts[b], random);
			for (int k = 0; k < counts[b]; k++, s++) {
				img[s] = b;
				row[s] = pos[k] / gc;
				col[s] = pos[k] % gc;
				f.sample(mask, row[s], col[s], in, out, s);
			}
		}
		return new NeighbourhoodSamples(Neighbourhoods.toNd(in, n, mask.numInputs()),
			Neighbourhoods.toNd(out, n, mask.numChannels()), img, row, col);
	}

	/** The first k of a partial Fisher–Yates shuffle of 0 … n−1: distinct, in random order. */
	static int[] choose(int n, int k, Random random) {
		int[] idx = new int[n];
		for (int i = 0; i < n; i++) idx[i] = i;
		for (int i = 0; i < k; i++) {
			int j = i + random.nextInt(n - i);
			int t = idx[i];
			idx[i] = idx[j];
			idx[j] = t;
		}
		return java.util.Arrays.copyOf(idx, k);
	}

	/** Neighbourhoods {@code [N, numInputs]}, 'c' order. */
	public INDArray inputs() {
		return inputs;
	}

	/** Output pixels {@code [N, C]}, 'c' order. */
	public INDArray outputs() {
		return outputs;
	}

	/** Source image index per sample (a copy). */
	public int[] image() {
		return image.clone();
	}

	/** Grid row i per sample (a copy); the output pixel row is i + iOff. */
	public int[] gridRow() {
		return gridRow.clone();
	}

	/** Grid column j per sample (a copy); the output pixel column is j + jOff. */
	public int[] gridCol() {
		return gridCol.clone();
	}

	public long numSamples() {
		return inputs.size(0);
	}
}
