package org.ride.core.neighbourhood;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.nd.NdInit;
import org.ride.core.nd.Shapes;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * All causal neighbourhoods of one or more equally sized images on the full grid, cmt's
 * {@code generate_data_from_image} (spec §3.2).
 * <p>
 * For an H × W image and a {@link CausalMask} of {@code rows × cols}, the grid is
 * {@code H' = H − rows + 1} by {@code W' = W − cols + 1}; grid position (i, j) reads the window
 * {@code image[i : i+rows, j : j+cols]} and predicts pixel {@code (i + iOff, j + jOff)}. Samples are in
 * natural grid order {@code n = (b·H' + i)·W' + j} (image b, row-major):
 * <ul>
 * <li>{@link #inputs()} {@code [N, numInputs]}, 'c' order, row-major mask order within a channel, channels
 * one after another (pitfall 6);</li>
 * <li>{@link #outputs()} {@code [N, C]}, 'c' order.</li>
 * </ul>
 * This row-per-sample layout is what the spatial LSTM reads; {@code inputs().transpose()} is the
 * {@code [numInputs, N]} 'f' view (one sample per column) for the whitening and the MCGSM, without a copy.
 * dtype is FLOAT or DOUBLE as requested. Images are copied once into a flat primitive array and the
 * samples are filled with one {@code System.arraycopy} per mask row, then handed to ND4J in one call.
 * <p>
 * Pixel coordinates: ImgLib2 images are (x, y) or (x, y, c) with x the column; flat {@code float[]} images
 * use {@code (c·H + y)·W + x}. Image-sized maps returned by {@link #toImageMap} are row-major
 * {@code y·W + x}.
 */
public final class Neighbourhoods {

	private final INDArray inputs, outputs;
	private final CausalMask mask;
	private final int numImages, gridRows, gridCols;

	private Neighbourhoods(INDArray inputs, INDArray outputs, CausalMask mask, int numImages, int gridRows,
		int gridCols) {
		this.inputs = inputs;
		this.outputs = outputs;
		this.mask = mask;
		this.numImages = numImages;
		this.gridRows = gridRows;
		this.gridCols = gridCols;
	}

	// -- factories --

	/** The full grid of one 2-D (x, y) or 3-D (x, y, c) image (a crop may be passed as a view). */
	public static Neighbourhoods grid(RandomAccessibleInterval<? extends RealType<?>> image, CausalMask mask,
		DataType dtype) {
		return of(List.of(FlatImage.of(image, mask, FlatImage.isDouble(dtype), "image")), mask, dtype);
	}

	/** The full grid of one flat image, {@code pixels[(c·H + y)·W + x]}, C = {@code mask.numChannels()}. */
	public static Neighbourhoods grid(float[] pixels, int width, int height, CausalMask mask, DataType dtype) {
		return of(List.of(FlatImage.of(pixels, width, height, mask, FlatImage.isDouble(dtype), "image")), mask,
			dtype);
	}

	/** The full grids of B equally sized flat images (e.g. training patches), concatenated in list order. */
	public static Neighbourhoods batch(List<float[]> images, int width, int height, CausalMask mask,
		DataType dtype) {
		boolean dbl = FlatImage.isDouble(dtype);
		List<FlatImage> flat = new ArrayList<>(nonEmpty(images).size());
		for (int b = 0; b < images.size(); b++)
			flat.add(FlatImage.of(images.get(b), width, height, mask, dbl, "image " + b));
		return of(flat, mask, dtype);
	}

	/** The full grids of B equally sized ImgLib2 images (views/crops are fine), concatenated in list order. */
	public static Neighbourhoods batch(List<? extends RandomAccessibleInterval<? extends RealType<?>>> images,
		CausalMask mask, DataType dtype) {
		boolean dbl = FlatImage.isDouble(dtype);
		List<FlatImage> flat = new ArrayList<>(nonEmpty(images).size());
		for (int b = 0; b < images.size(); b++) {
			FlatImage f = FlatImage.of(images.get(b), mask, dbl, "image " + b);
			FlatImage first = flat.isEmpty() ? f : flat.get(0);
			if (f.width != first.width || f.height != first.height) throw new IllegalArgumentException("image " + b
				+ " is " + f.width + "×" + f.height + " px but image 0 is " + first.width + "×" + first.height
				+ "; a batch needs equally sized images (crop them to one size)");
			flat.add(f);
		}
		return of(flat, mask, dtype);
	}

	private static <T> List<T> nonEmpty(List<T> images) {
		if (images == null || images.isEmpty())
			throw new IllegalArgumentException("no images given; pass at least one image");
		return images;
	}

	private static Neighbourhoods of(List<FlatImage> images, CausalMask mask, DataType dtype) {
		NdInit.ensure();
		FlatImage f0 = images.get(0);
		int gr = f0.gridRows(mask), gc = f0.gridCols(mask), per = gr * gc;
		long n = (long) images.size() * per;
		if (n * mask.numInputs() > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("the " + n
			+ " neighbourhoods of " + mask.numInputs() + " values are too many for one array; extract fewer images "
			+ "or tiles at a time");
		boolean dbl = dtype == DataType.DOUBLE;
		Object in = dbl ? new double[(int) n * mask.numInputs()] : new float[(int) n * mask.numInputs()];
		Object out = dbl ? new double[(int) n * mask.numChannels()] : new float[(int) n * mask.numChannels()];
		for (int b = 0; b < images.size(); b++) {
			FlatImage img = images.get(b);
			for (int i = 0; i < gr; i++)
				for (int j = 0; j < gc; j++) img.sample(mask, i, j, in, out, (b * gr + i) * gc + j);
		}
		return new Neighbourhoods(toNd(in, n, mask.numInputs()), toNd(out, n, mask.numChannels()), mask,
			images.size(), gr, gc);
	}

	/**
	 * One bulk copy of a row-major primitive array into a new [rows, cols] 'c' array.
	 * NB: into uninitialised memory through its NIO view: {@code Nd4j.create(float[], …)} zero-fills the buffer
	 * before copying, and the two passes over it were 3 % of a likelihood map.
	 */
	static INDArray toNd(Object data, long rows, int cols) {
		long[] shape = { rows, cols };
		if (data instanceof double[] d) {
			INDArray a = Nd4j.createUninitialized(DataType.DOUBLE, shape, 'c');
			a.data().asNioDouble().put(0, d, 0, d.length);
			return a;
		}
		float[] f = (float[]) data;
		INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
		a.data().asNioFloat().put(0, f, 0, f.length);
		return a;
	}

	// -- accessors --

	/** Neighbourhoods {@code [N, numInputs]}, 'c' order, N = numImages·gridRows·gridCols. */
	public INDArray inputs() {
		return inputs;
	}

	/** Output pixels {@code [N, C]}, 'c' order. */
	public INDArray outputs() {
		return outputs;
	}

	public CausalMask mask() {
		return mask;
	}

	public int numImages() {
		return numImages;
	}

	/** H' = H − rows + 1. */
	public int gridRows() {
		return gridRows;
	}

	/** W' = W − cols + 1. */
	public int gridCols() {
		return gridCols;
	}

	/** N = numImages · H' · W'. */
	public long numSamples() {
		return inputs.size(0);
	}

	// -- reassembly --

	/**
	 * Places one value per grid position back at its output pixel: {@code values[i·W' + j]} goes to
	 * {@code (y, x) = (i + iOff, j + jOff)} of an {@code H × W} map ({@code H = H' + rows − 1},
	 * {@code W = W' + cols − 1}), returned row-major {@code y·W + x}; unreachable border pixels are NaN.
	 * {@code values} is read from {@code offset} (e.g. {@code b·H'·W'} for image b of a batch).
	 */
	public static float[] toImageMap(float[] values, int offset, int gridRows, int gridCols, CausalMask mask) {
		if (gridRows < 1 || gridCols < 1) throw new IllegalArgumentException("grid is " + gridRows + "×"
			+ gridCols + "; it must be at least 1×1");
		if (values == null || offset < 0 || values.length - (long) offset < (long) gridRows * gridCols)
			throw new IllegalArgumentException("a " + gridRows + "×" + gridCols + " grid needs "
				+ (long) gridRows * gridCols + " values from offset " + offset + " but "
				+ (values == null ? "none were" : values.length + " were") + " given");
		int h = gridRows + mask.rows() - 1, w = gridCols + mask.cols() - 1;
		float[] map = new float[h * w];
		java.util.Arrays.fill(map, Float.NaN);
		for (int i = 0; i < gridRows; i++)
			System.arraycopy(values, offset + i * gridCols, map, (i + mask.iOff()) * w + mask.jOff(), gridCols);
		return map;
	}

	/** {@link #toImageMap(float[], int, int, int, CausalMask)} for a per-position vector {@code [H'·W']}. */
	public static float[] toImageMap(INDArray values, int gridRows, int gridCols, CausalMask mask) {
		if (values == null || values.length() != (long) gridRows * gridCols) throw new IllegalArgumentException(
			"expected " + (long) gridRows * gridCols + " values for a " + gridRows + "×" + gridCols + " grid but got "
				+ (values == null ? "none" : values.length()));
		return toImageMap(values.castTo(DataType.FLOAT).dup('c').data().asFloat(), 0, gridRows, gridCols, mask);
	}

	/**
	 * The adjoint of {@link #grid(float[], int, int, CausalMask, DataType)} for one image: adds every grid
	 * position's input gradient onto the pixels of its neighbourhood and its output gradient onto its
	 * output pixel (windows overlap, so contributions sum; spec §7.6 {@code gradient}).
	 *
	 * @param gradInputs  [H'·W', N_in], natural grid order
	 * @param gradOutputs [H'·W', C]
	 * @return [(c·H + y)·W + x], a new array
	 */
	public static double[] scatter(INDArray gradInputs, INDArray gradOutputs, int width, int height, CausalMask mask) {
		int gr = mask.gridRows(width, height), gc = mask.gridCols(width, height), channels = mask.numChannels();
		Shapes.require(gradInputs, "input gradient", (long) gr * gc, mask.numInputs());
		Shapes.require(gradOutputs, "output gradient", (long) gr * gc, channels);
		double[] gin = gradInputs.castTo(DataType.DOUBLE).dup('c').data().asDouble();
		double[] gout = gradOutputs.castTo(DataType.DOUBLE).dup('c').data().asDouble();
		double[] img = new double[channels * width * height];
		int plane = width * height;
		for (int n = 0; n < gr * gc; n++) {
			int i = n / gc, j = n % gc, p = n * mask.numInputs();
			for (int c = 0; c < channels; c++) {
				int base = c * plane + i * width + j;
				for (int k = 0; k < mask.numRuns(); k++) {
					int at = base + mask.runRow(k) * width + mask.runCol(k);
					for (int q = 0; q < mask.runLen(k); q++) img[at + q] += gin[p++];
				}
				img[base + mask.iOff() * width + mask.jOff()] += gout[n * channels + c];
			}
		}
		return img;
	}
}
