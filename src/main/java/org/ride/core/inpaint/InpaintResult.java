package org.ride.core.inpaint;

/**
 * The outcome of {@link Inpainter#inpaint}.
 *
 * @param image          [y·width + x] the input with the region filled (the final chain state, or the most
 *                       likely state seen if cancelled)
 * @param posteriorMean  average of the last {@code meanSweeps} sweeps (a smooth estimate), or null
 * @param acceptance     per pixel the fraction of accepted proposals that re-sampled it; NaN outside the region
 * @param regionBits     mean log-likelihood of the filled pixels in bits/px (higher is more typical)
 * @param sweeps         sweeps completed
 * @param cancelled      whether a cancel ended the chain early
 */
public record InpaintResult(float[] image, float[] posteriorMean, float[] acceptance, double regionBits, int sweeps,
	boolean cancelled) {}
