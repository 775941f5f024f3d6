package org.ride.core.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ride.core.train.TrainingLog.StopReason;

/** Collects a {@link TrainingLog} while training runs. */
final class LogBuilder {

	private double[] loss = new double[256];
	private int[] stage = new int[256];
	private int n;
	private final List<Double> finetune = new ArrayList<>(), validation = new ArrayList<>();
	private final List<String> notes = new ArrayList<>();
	int completed, bestStage = -1;

	void loss(double bits, int k) {
		if (n == loss.length) {
			loss = Arrays.copyOf(loss, 2 * n);
			stage = Arrays.copyOf(stage, 2 * n);
		}
		loss[n] = bits;
		stage[n++] = k;
	}

	double meanLoss(int k) {
		double sum = 0;
		int c = 0;
		for (int i = 0; i < n; i++)
			if (stage[i] == k) {
				sum += loss[i];
				c++;
			}
		return c == 0 ? Double.NaN : sum / c;
	}

	void stage(double finetuneBits, double validationBits) {
		finetune.add(finetuneBits);
		validation.add(validationBits);
	}

	void note(String s) {
		notes.add(s);
	}

	TrainingLog build(StopReason why) {
		return new TrainingLog(Arrays.copyOf(loss, n), Arrays.copyOf(stage, n), unbox(validation), unbox(finetune),
			completed, bestStage, why, notes);
	}

	private static double[] unbox(List<Double> l) {
		double[] a = new double[l.size()];
		for (int i = 0; i < a.length; i++) a[i] = l.get(i);
		return a;
	}
}
