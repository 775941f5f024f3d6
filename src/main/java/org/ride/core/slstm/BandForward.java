package org.ride.core.slstm;

import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One thread's forward-only wavefront of an {@link SlstmStack} over the horizontal bands of one image (B = 1), for
 * the pipelined likelihood map: band t continues from band t−1's last row, as a band forward with a handed-over
 * top border does, but takes that row over entry by entry while band t−1 is still being computed, so two threads
 * run consecutive bands at the same time with no barrier per diagonal.
 * <p>
 * <b>Why it works.</b> Diagonal k of band t needs only the top-border entry (−1, k), which is position (R−1, k) of
 * the band above, on that band's diagonal R−1+k (R = band rows). Each instance publishes its progress — band, layer,
 * diagonals done — in one volatile counter, and the band below waits on it before each diagonal k &lt; C; layer l of
 * band t needs layer l of band t−1 only. The band above never waits for the band below except through its own next
 * band, t+1, whose diagonal k waits for band t's diagonal R−1+k: by then band t has taken every entry of band t−1
 * that lies in the storage blocks up to R−1+k, so band t+1 overwrites (at diagonal k, block k) only entries already
 * taken over. The same argument lets one instance be its own band above (one thread running all bands in order).
 * <p>
 * Every band is computed by the same code on the same shapes whichever thread runs it, so maps are bit-identical for
 * any thread count. All bands have {@code bandRows} rows except possibly the last, which no band reads.
 */
public final class BandForward {

	private final SlstmStack stack;
	private final int bandRows, cols;
	/** per layer: the plan of full bands, the only ones a band below reads */
	private final WavefrontPlan[] full;
	/** per layer: the plan of a shorter last band, made when first needed */
	private WavefrontPlan[] last;
	private int lastRows;
	/** ((band · L + layer) << 32) | diagonals done, of the band this instance is computing or has computed last */
	private volatile long progress = -1;

	BandForward(SlstmStack stack, int bandRows, int cols) {
		this.stack = stack;
		this.bandRows = bandRows;
		this.cols = cols;
		full = plans(bandRows);
	}

	private WavefrontPlan[] plans(int rows) {
		WavefrontPlan[] p = new WavefrontPlan[stack.numLayers()];
		for (int l = 0; l < p.length; l++)
			p[l] = stack.layer(l).bandPlan(rows, cols);
		return p;
	}

	/** Forgets the progress of the previous image's bands. */
	void restart() {
		progress = -1;
	}

	int bandRows() {
		return bandRows;
	}

	int cols() {
		return cols;
	}

	/**
	 * The forward of band {@code band} (rows [band·bandRows, band·bandRows + rows) of the grid).
	 *
	 * @param x     the band's input [rows·C, C_in], natural order
	 * @param above the instance that computes (or computed) band − 1: this one, another thread's, or null for
	 *              band 0 (zero top border)
	 * @param stop  polled while waiting for the band above; when it turns true the wait ends in a
	 *              {@link CancellationException} (the other thread failed, or the user cancelled)
	 * @return the top layer's h [rows·C, H], natural order (this instance's buffer, valid until its next call); x
	 *         itself for an empty stack
	 */
	public INDArray forward(INDArray x, int band, int rows, BandForward above, BooleanSupplier stop) {
		if (rows < 1 || rows > bandRows)
			throw new IllegalArgumentException("band has " + rows + " rows; bands are 1.." + bandRows + " rows");
		if ((band == 0) != (above == null))
			throw new IllegalArgumentException("band " + band + (above == null ? " needs" : " cannot have")
				+ " the instance that computes the band above");
		WavefrontPlan[] p = rows == bandRows ? full : lastPlans(rows);
		int layers = p.length;
		INDArray h = x;
		for (int l = 0; l < layers; l++) {
			WavefrontPlan plan = p[l];
			long at = (long) (band * layers + l) << 32;
			progress = at;
			if (above == null) clearTopBorder(plan);
			else plan.bordersDirty = true;
			WavefrontPlan from = above == null ? null : above.full[l];
			long need = (long) ((band - 1) * layers + l) << 32;
			h = stack.layer(l).forwardBand(plan, h, k -> {
				if (from != null && k < cols) {
					await(above, need | (bandRows + k), stop); // band − 1 has finished its diagonal R−1+k
					plan.fused.takeTopBorder(from.fused, k);
				}
				if (k > 0) progress = at | k;
			});
			progress = at | plan.diags;
		}
		return h;
	}

	private WavefrontPlan[] lastPlans(int rows) {
		if (last == null || lastRows != rows) {
			last = plans(rows);
			lastRows = rows;
		}
		return last;
	}

	/** Zero top border (spec §5.1) on a plan that may still hold a previous call's handed-over row. */
	private static void clearTopBorder(WavefrontPlan p) {
		if (!p.bordersDirty) return;
		p.hSt.assign(0);
		if (p.ext) p.cSt.assign(0);
		p.fused.setTopBorder(null);
		p.bordersDirty = false;
	}

	/** Waits until {@code above} has published at least {@code need}: spins briefly, then yields, then parks. */
	private static void await(BandForward above, long need, BooleanSupplier stop) {
		for (int spins = 0; above.progress < need; spins++) {
			if (spins < 256) {
				Thread.onSpinWait();
				continue;
			}
			if (stop.getAsBoolean()) throw new CancellationException("stopped while waiting for the band above");
			if (spins < 512) Thread.yield();
			else LockSupport.parkNanos(20_000);
		}
	}
}
