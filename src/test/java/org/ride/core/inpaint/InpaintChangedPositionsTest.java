package org.ride.core.inpaint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.ride.core.model.Ride;
import org.ride.core.neighbourhood.CausalMask;
import org.ride.core.neighbourhood.Neighbourhoods;
import org.ride.core.progress.CancelToken;
import org.ride.core.sample.StartRow;

/**
 * The MH step's log p terms over only the positions that can change (Chain.changedLogLikelihoods) equal the
 * whole-window sums: Σ log p(x′) − Σ log p(x) and log q(x) of the hole pixels.
 */
class InpaintChangedPositionsTest {

	@Test
	void changedPositionsGiveTheWholeWindowDifference() {
		for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
			Ride m = InpainterTest.model(dt);
			int win = 9, w = 20, h = 20;
			float[] img = InpainterTest.texture(5);
			InpaintOptions o = new InpaintOptions(1, win, 3, 2, 1, false, 0, 0, 255, 7);
			Inpainter.Chain chain = new Inpainter.Chain(m, new PaddedImage(img, InpainterTest.rect(6, 6, 5, 5), w, h,
				win), o, CancelToken.NONE, Integer.MAX_VALUE);
			Random r = new Random(11);
			List<float[]> x = new ArrayList<>(), xp = new ArrayList<>();
			int[][] blocks = {{3, 3, 3, 3}, {3, 4, 2, 2}, {5, 3, 1, 3}, {0, 0, 2, 1}}; // x0, y0, w, h in the window
			boolean[][] holes = new boolean[blocks.length][];
			for (int k = 0; k < blocks.length; k++) {
				float[] a = new float[win * win];
				for (int y = 0; y < win; y++)
					for (int xx = 0; xx < win; xx++) a[y * win + xx] = img[(2 * k + y) * w + k + xx];
				float[] b = a.clone();
				holes[k] = new boolean[win * win];
				for (int y = blocks[k][1]; y < blocks[k][1] + blocks[k][3]; y++)
					for (int xx = blocks[k][0]; xx < blocks[k][0] + blocks[k][2]; xx++) {
						holes[k][y * win + xx] = true;
						b[y * win + xx] = (float) (50 + 100 * r.nextDouble());
					}
				x.add(a);
				xp.add(b);
			}
			List<float[]> all = new ArrayList<>(x);
			all.addAll(xp);
			double[][] got = chain.changedLogLikelihoods(all, holes, chain.rowAbove(x, holes));
			double[] ll = m.logLikelihood(m.whiten(Neighbourhoods.batch(all, win, win, m.mask(), dt))).castTo(
				DataType.DOUBLE).dup('c').data().asDouble(); // the whole windows, in double

			CausalMask mask = m.mask();
			int gc = mask.gridCols(win, win), per = ll.length / all.size();
			double tol = dt == DataType.DOUBLE ? 1e-9 : 2e-3;
			for (int k = 0; k < blocks.length; k++) {
				double pCur = 0, pProp = 0, qCur = 0;
				for (int t = 0; t < per; t++) {
					pCur += ll[k * per + t];
					pProp += ll[(blocks.length + k) * per + t];
					if (holes[k][(t / gc + mask.iOff()) * win + t % gc + mask.jOff()]) qCur += ll[k * per + t] - m.logJacobian();
				}
				assertEquals(pProp - pCur, got[1][k] - got[0][k], tol * Math.max(1, Math.abs(pProp - pCur)), dt + " window " + k);
				assertEquals(qCur, got[2][k], tol * Math.max(1, Math.abs(qCur)), dt + " log q, window " + k);
			}
			// the changed set: a hole at window (3, 3) leaves the rows above its neighbourhood and the far left unchanged
			boolean[] c = chain.changedPositions(holes[0], win, mask.gridRows(win, win), gc);
			assertFalse(c[0], "position (0, 0)");
			assertTrue(c[c.length - 1], "the last position reads every state above-left");
		}
	}

	@Test
	void theRowsBelowTheFirstChangedOneFromXsStatesGiveTheWholeWindowTerms() {
		Ride m = InpainterTest.model(DataType.DOUBLE);
		int win = 11, w = 20;
		float[] img = InpainterTest.texture(6);
		InpaintOptions o = new InpaintOptions(1, win, 3, 3, 1, false, 0, 0, 255, 7);
		Inpainter.Chain chain = new Inpainter.Chain(m, new PaddedImage(img, InpainterTest.rect(6, 6, 5, 5), w, 20,
			win), o, CancelToken.NONE, Integer.MAX_VALUE);
		Random r = new Random(12);
		int[][] blocks = {{4, 4, 3, 3}, {5, 5, 3, 2}, {4, 6, 1, 3}}; // x0, y0, w, h in the window: top hole row 4
		List<float[]> all = new ArrayList<>();
		boolean[][] holes = new boolean[blocks.length][];
		for (int k = 0; k < blocks.length; k++) {
			float[] a = new float[win * win];
			for (int y = 0; y < win; y++)
				for (int x = 0; x < win; x++) a[y * win + x] = img[(k + y) * w + 2 * k + x];
			all.add(a);
			holes[k] = new boolean[win * win];
			for (int y = blocks[k][1]; y < blocks[k][1] + blocks[k][3]; y++)
				for (int x = blocks[k][0]; x < blocks[k][0] + blocks[k][2]; x++) holes[k][y * win + x] = true;
		}
		for (int k = 0; k < blocks.length; k++) {
			float[] b = all.get(k).clone();
			for (int p = 0; p < b.length; p++) if (holes[k][p]) b[p] = (float) (50 + 100 * r.nextDouble());
			all.add(b);
		}
		CausalMask mask = m.mask();
		StartRow start = chain.rowAbove(all.subList(0, blocks.length), holes);
		assertEquals(4 - mask.iOff(), start.row(), "the first grid row whose output pixel is a hole pixel");
		double[][] fromStart = chain.changedLogLikelihoods(all, holes, start);
		double[][] whole = chain.changedLogLikelihoods(all, holes, null);
		double[] ll = m.logLikelihood(m.whiten(Neighbourhoods.batch(all, win, win, mask, DataType.DOUBLE))).castTo(
			DataType.DOUBLE).dup('c').data().asDouble();
		int per = ll.length / all.size();
		for (int k = 0; k < blocks.length; k++) {
			double diff = 0;
			for (int t = 0; t < per; t++) diff += ll[(blocks.length + k) * per + t] - ll[k * per + t];
			assertEquals(diff, fromStart[1][k] - fromStart[0][k], 1e-11 * Math.max(1, Math.abs(diff)), "window " + k);
			for (int term = 0; term < 3; term++)
				assertEquals(whole[term][k], fromStart[term][k], 1e-12 * Math.max(1, Math.abs(whole[term][k])),
					"term " + term + " of window " + k + " against the whole windows' forward");
		}
	}
}
