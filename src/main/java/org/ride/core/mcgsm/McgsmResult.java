package org.ride.core.mcgsm;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything one {@link Mcgsm#evaluate} pass produced (spec §6.2–6.4), in the model's dtype, one sample per
 * column. log p is a fresh array; gradX and gradY are work buffers of the {@link Mcgsm} instance, valid until
 * its next call that computes data gradients (so that a training step does not allocate and fault in 9 MB
 * per call): {@code dup()} them to keep them longer. Callers may modify them in place.
 *
 * @param logLikelihood log p(y|x) in nats, [1, N]
 * @param gradX         ∂ log p / ∂x, [N_in, N], or null if not requested
 * @param gradY         ∂ log p / ∂y, [D, N], or null if not requested
 * @param objective     J = −Σ log p / (N · D · ln 2), bits per output dimension (cmt's scaling, §6.4)
 * @param gradient      ∂J/∂θ in the flat layout of §6.4 for the requested {@link TrainFlags}, or null
 */
public record McgsmResult(INDArray logLikelihood, INDArray gradX, INDArray gradY, double objective,
	double[] gradient) {}
