package org.ride.core.train;

import java.util.Random;

/**
 * The random streams of one training run, all derived from {@code TrainConfig.seed} (spec §8.1): each
 * purpose (and stage) gets its own {@link Random} seeded by a SplitMix64 hash of (seed, purpose, index),
 * so a change in how much one step draws never shifts the draws of another.
 */
final class Streams {

	static final int HOLD_OUT = 1, WHITENING = 2, SHUFFLE = 3, FINETUNE = 4, LAYER = 5;

	private Streams() {}

	static Random of(long seed, int purpose, int index) {
		return new Random(mix(mix(seed) ^ mix(((long) purpose << 32) | (index & 0xffffffffL))));
	}

	/** The SplitMix64 finaliser (Steele et al. 2014). */
	static long mix(long z) {
		z += 0x9E3779B97F4A7C15L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}
