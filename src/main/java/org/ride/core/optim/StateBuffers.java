package org.ride.core.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.nd.NdInit;
import org.ride.core.nd.Shapes;

/**
 * Per-array optimiser state: {@code count} zero buffers shaped like each parameter, allocated on the first
 * {@link #check} and reused; later calls only verify that the parameter list still matches.
 */
final class StateBuffers {

	private final String owner;
	private final int count;
	private List<INDArray[]> buffers; // buffers.get(i)[b]: shape and dtype of params.get(i), 'c' order

	StateBuffers(String owner, int count) {
		this.owner = owner;
		this.count = count;
	}

	/** Validates params against grads (and against the first call), allocating the buffers once. */
	void check(List<INDArray> params, List<INDArray> grads) {
		NdInit.ensure();
		if (params == null || grads == null || params.size() != grads.size())
			throw new IllegalArgumentException(owner + ": " + size(params) + " parameter arrays but " + size(grads)
				+ " gradient arrays; pass one gradient per parameter array, in the same order");
		for (int i = 0; i < params.size(); i++) {
			INDArray p = params.get(i), g = grads.get(i);
			Shapes.require(g, owner + " gradient " + i, p.shape());
			if (g.dataType() != p.dataType())
				throw new IllegalArgumentException(owner + ": gradient " + i + " is " + g.dataType()
					+ " but its parameter is " + p.dataType() + "; cast the gradient to the parameter's dtype");
		}
		if (buffers == null) {
			buffers = new ArrayList<>();
			for (INDArray p : params) {
				INDArray[] b = new INDArray[count];
				for (int k = 0; k < count; k++)
					b[k] = Nd4j.zeros(p.dataType(), p.shape());
				buffers.add(b);
			}
			return;
		}
		for (int i = 0; i < params.size() && i < buffers.size(); i++) {
			INDArray p = params.get(i), b = buffers.get(i)[0];
			if (!Arrays.equals(p.shape(), b.shape()) || p.dataType() != b.dataType())
				throw new IllegalArgumentException(owner + ": parameter " + i + " is " + Shapes.text(p) + " "
					+ p.dataType() + " but was " + Shapes.text(b) + " " + b.dataType()
					+ " at the first step; use a new optimiser for a new parameter set");
		}
		if (params.size() != buffers.size())
			throw new IllegalArgumentException(owner + ": " + params.size() + " parameter arrays but " + buffers.size()
				+ " at the first step; use a new optimiser for a new parameter set");
	}

	/** Buffer {@code b} of parameter array {@code i}. */
	INDArray get(int i, int b) {
		return buffers.get(i)[b];
	}

	void zero() {
		if (buffers == null) return;
		for (INDArray[] b : buffers)
			for (INDArray a : b)
				a.assign(0);
	}

	private static String size(List<?> l) {
		return l == null ? "null" : Integer.toString(l.size());
	}
}
