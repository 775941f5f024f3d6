package org.ride.core.neighbourhood;

/**
 * The causal neighbourhood of one pixel, cmt's {@code generate_masks([n]*C)} (spec §3.1).
 * <p>
 * For window width {@code n} (odd, ≥ 3) and {@code t = (n+1)/2}: the mask is {@code rows × cols = t × n};
 * inputs are rows {@code 0 … t−2} (all columns) and row {@code t−1}, columns {@code 0 … t−2}; the output
 * is {@code (iOff, jOff) = (t−1, t−1)}. For nb_size = 5 (1 = input, O = output):
 * <pre>
 *   1 1 1 1 1
 *   1 1 1 1 1
 *   1 1 O . .
 * </pre>
 * With C channels every channel has the same pattern and the output at the same place; all C channels of
 * the output pixel are predicted jointly and none of them is an input (pitfall 24). Input order is
 * row-major within a channel's mask, channels one after another (pitfall 6), so
 * {@code numInputs = C · (t−1)(n+1)}: 4, 12, 24, 40 for n = 3, 5, 7, 9 and one channel.
 * <p>
 * The output position is stored explicitly rather than searched on the diagonal (pitfall 21).
 * Immutable. Coordinates are (row, column) = (y, x) offsets inside the window.
 */
public final class CausalMask {

	/** The paper's default neighbourhood width. */
	public static final int DEFAULT_NB_SIZE = 5;

	private final int nbSize, numChannels, rows, cols, iOff, jOff;
	private final boolean[][] input; // [rows][cols], one channel
	// the inputs of one channel as row-major runs (row, first column, length): the extraction's copy plan
	private final int[] runRow, runCol, runLen;

	private CausalMask(int nbSize, int numChannels) {
		this.nbSize = nbSize;
		this.numChannels = numChannels;
		int t = (nbSize + 1) / 2;
		rows = t;
		cols = nbSize;
		iOff = t - 1;
		jOff = t - 1;
		input = new boolean[rows][cols];
		for (int r = 0; r < rows; r++)
			for (int c = 0; c < cols; c++) input[r][c] = r < t - 1 || c < t - 1;
		input[iOff][jOff] = false;
		runRow = new int[rows];
		runCol = new int[rows];
		runLen = new int[rows];
		for (int r = 0; r < rows; r++) runLen[r] = r < t - 1 ? cols : t - 1; // runCol stays 0
		for (int r = 0; r < rows; r++) runRow[r] = r;
	}

	/** The causal mask for {@code nbSize} (odd, ≥ 3) and {@code numChannels} (≥ 1) channels. */
	public static CausalMask of(int nbSize, int numChannels) {
		if (nbSize < 3 || nbSize % 2 == 0) throw new IllegalArgumentException("nb_size is " + nbSize
			+ " but must be odd and at least 3 (e.g. 3, 5 (default), 7, 9) so that the output pixel sits in the "
			+ "middle column of the causal window; use " + Math.max(3, nbSize % 2 == 0 ? nbSize + 1 : 3));
		if (numChannels < 1) throw new IllegalArgumentException("numChannels is " + numChannels
			+ "; an image has at least 1 channel");
		return new CausalMask(nbSize, numChannels);
	}

	/** Single-channel (grey) mask. */
	public static CausalMask of(int nbSize) {
		return of(nbSize, 1);
	}

	public int nbSize() {
		return nbSize;
	}

	public int numChannels() {
		return numChannels;
	}

	/** Window height {@code (n+1)/2}. */
	public int rows() {
		return rows;
	}

	/** Window width {@code n}. */
	public int cols() {
		return cols;
	}

	/** Output row inside the window: grid position (i, j) predicts image pixel (i + iOff, j + jOff). */
	public int iOff() {
		return iOff;
	}

	/** Output column inside the window. */
	public int jOff() {
		return jOff;
	}

	/** Inputs of one channel, {@code (t−1)(n+1)}. */
	public int numInputsPerChannel() {
		return (rows - 1) * cols + jOff;
	}

	/** Length of a neighbourhood vector, {@code C · (t−1)(n+1)} (MCGSM/whitening d_in). */
	public int numInputs() {
		return numChannels * numInputsPerChannel();
	}

	/** Whether window cell (r, c) is an input (same in every channel). */
	public boolean isInput(int r, int c) {
		return input[r][c];
	}

	/** A copy of one channel's input mask, {@code [rows][cols]}. */
	public boolean[][] inputMask() {
		boolean[][] r = new boolean[rows][];
		for (int i = 0; i < rows; i++) r[i] = input[i].clone();
		return r;
	}

	/** A copy of the full input mask, {@code [C][rows][cols]} (cmt's rows × cols × C, channel first). */
	public boolean[][][] inputMasks() {
		boolean[][][] r = new boolean[numChannels][][];
		for (int c = 0; c < numChannels; c++) r[c] = inputMask();
		return r;
	}

	/** The output mask, {@code [rows][cols]}, true only at (iOff, jOff). */
	public boolean[][] outputMask() {
		boolean[][] r = new boolean[rows][cols];
		r[iOff][jOff] = true;
		return r;
	}

	/** Number of row-major input runs per channel (the extraction copies one run per arraycopy). */
	int numRuns() {
		return runLen.length;
	}

	int runRow(int k) {
		return runRow[k];
	}

	int runCol(int k) {
		return runCol[k];
	}

	int runLen(int k) {
		return runLen[k];
	}

	/**
	 * Grid rows {@code H' = H − rows + 1} for an image {@code height} px high, checked against
	 * {@code width} too.
	 * @throws IllegalArgumentException if the window does not fit, naming both sizes and the fix
	 */
	public int gridRows(int width, int height) {
		requireFits(width, height);
		return height - rows + 1;
	}

	/** Grid columns {@code W' = W − cols + 1}; see {@link #gridRows(int, int)}. */
	public int gridCols(int width, int height) {
		requireFits(width, height);
		return width - cols + 1;
	}

	/** Throws unless a {@code width × height} image holds at least one {@code rows × cols} window. */
	public void requireFits(int width, int height) {
		if (width >= cols && height >= rows) return;
		int fit = Math.min(width, 2 * height - 1); // largest n with n ≤ W and (n+1)/2 ≤ H
		if (fit % 2 == 0) fit--;
		String alternative = fit >= 3 ? " or nb_size=" + fit : "";
		throw new IllegalArgumentException("image is " + width + "×" + height + " px (width×height) but nb_size="
			+ nbSize + " needs a " + rows + "×" + cols + " (rows×cols) causal window, i.e. at least " + cols
			+ " px wide and " + rows + " px high; use a larger image" + alternative);
	}

	/** The pattern as text, one channel: '1' input, 'O' output, '.' unused. */
	@Override
	public String toString() {
		StringBuilder s = new StringBuilder("CausalMask[nb_size=" + nbSize + ", C=" + numChannels + "]\n");
		for (int r = 0; r < rows; r++) {
			for (int c = 0; c < cols; c++)
				s.append(c > 0 ? " " : "").append(input[r][c] ? '1' : r == iOff && c == jOff ? 'O' : '.');
			s.append('\n');
		}
		return s.toString();
	}
}
