package org.ride.core.inpaint;

/**
 * The outcome of {@link Inpainter#inpaint}.
 *
 * @param image          [(c·height + y)·width + x] the input with the region filled (the final chain state, or
 *                       the most likely state seen if cancelled); C channel planes, one for gray
 * @param posteriorMean  average of the last {@code meanSweeps} sweeps (a smooth estimate), same layout, or null
 * @param acceptance     [y·width + x] per pixel the fraction of accepted proposals that re-sampled it; NaN outside
 *                       the region
 * @param regionBits     mean log-likelihood of the filled pixels in bits/px, all channels of a pixel together
 *                       (higher is more typical)
 * @param sweeps         sweeps completed
 * @param cancelled      whether a cancel ended the chain early
 */
public record InpaintResult(float[] image, float[] posteriorMean, float[] acceptance, double regionBits, int sweeps,
	boolean cancelled) {}
