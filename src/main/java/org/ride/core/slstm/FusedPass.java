package org.ride.core.slstm;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The elementwise half of the wavefront (spec §5.2 and §5.6), one plain-Java pass per anti-diagonal over the
 * gate buffer and the state, in the layer's precision ({@link FusedFloat}, {@link FusedDouble}).
 * <p>
 * Java-side layout: every per-diagonal array is column-major [M_k, H] (unit u of row r at u·M_k + r), the
 * layout of a gate block of the 'f' GEMM output, so each gate block comes out of ND4J memory in one bulk copy
 * and every loop runs over 0-offset arrays with one shared index (what C2 auto-vectorises). The memory cells
 * c live only here ({@code cJ}: storage blocks as in {@link WavefrontPlan}, each column-major with its own row
 * count), so the forward touches ND4J memory only for the gate pre-activations and the h it writes back
 * (transposed into the row-major {@code hSt} the GEMMs read). In the extended variant c is written to
 * {@code cSt} as well, and backward adds the GEMM's δc from {@code dcSt}.
 */
abstract class FusedPass {

	/**
	 * |c| is clamped to this bound in the forward. Two forget gates let the memory grow like 2^(i+j) (c_ij sums
	 * c_left and c_top): a model trained on 22×22 patches, whose cells stay below 2^37 there, can overflow float
	 * and turn a map of a large image into NaN (inf − inf) after ~130 diagonals. At the bound, h = φ(o·c) is
	 * already saturated for any o above 1e-14, and no cell of a training patch up to 26×26 px can reach it (|c| < 2^(i+j+1)), so
	 * the backward, which treats the clamp as the identity, stays exact there.
	 */
	static final float CELL_BOUND = 1e15f;

	/** Sets the handed-over top-border memory cells (row b·C + j of [B·C, H]); null sets them to zero. */
	abstract void setTopBorder(INDArray topC);

	/**
	 * Before a forward's first diagonal: allocates what keeping the activations needs (never in the workers) and
	 * picks the fast or the exact σ and tanh (single precision only; double is always exact).
	 */
	abstract void beginForward(boolean keep, boolean exact);

	/**
	 * Activations, c and h of part {@code part} of diagonal k (rows [partFrom[k][part], partFrom[k][part + 1])
	 * of the diagonal, see {@link WavefrontPlan}) from the pre-activations in {@code gScratch[part]}; keeps gates
	 * and h if asked. Different parts of one diagonal touch disjoint memory, so they may run concurrently.
	 */
	abstract void forwardDiagonal(int k, int part, boolean keep);

	/** Prepares the backward state (δc of the last diagonal is zero). */
	abstract void beginBackward();

	/** The §5.6 chain of diagonal k: δa into {@code daScratch} ('f' [M_k, 5H]), δc into the left/top cells. */
	abstract void backwardDiagonal(int k);

	/** c of the grid's last row, [B·C, H] with row b·C + j (a new array). */
	abstract INDArray lastRowC();

	/**
	 * Copies the state (h, c) of {@code above}'s last-row position (R_above − 1, j) into this plan's top-border
	 * entry (−1, j), both with B = 1: how a band takes over the row above one entry at a time while the band
	 * above is still being computed ({@link BandForward}). {@code above} may be this pass (one thread running
	 * all bands): the entry read lies on a later diagonal than any this band has written.
	 */
	abstract void takeTopBorder(FusedPass above, int j);

	/**
	 * Where {@link #takeTopBorder} reads and writes: the storage rows of (R_above − 1, j) above and (−1, j) below
	 * (h and c states, row-major), and for the pass's column-major c copy the first element and stride on each side.
	 */
	record HandOver(int src, int dst, int cFrom, int cFromStride, int cTo, int cToStride) {

		static HandOver of(WavefrontPlan above, WavefrontPlan below, int j) {
			int ka = above.rows - 1 + j, src = above.storageRow(ka, above.rows - 1), k = j - 1;
			int dst = below.storageRow(k, -1), hid = below.hid;
			return new HandOver(src, dst, above.sOff[ka + 1] * hid + src - above.sOff[ka + 1], above.blockRows(ka),
				below.sOff[k + 1] * hid + dst - below.sOff[k + 1], below.blockRows(k));
		}
	}
}
