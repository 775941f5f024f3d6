package org.ride.core.train;

import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.ride.core.mcgsm.Mcgsm;
import org.ride.core.model.Ride;
import org.ride.core.slstm.SlstmStack;

/** Deep copies of a {@link Ride} (validation keeps the model before each stage, §8.1 step 6.5). */
final class RideCopy {

	private RideCopy() {}

	/** A new model with copied LSTM and MCGSM parameters; the (immutable) whitening is shared. */
	static Ride of(Ride m) {
		// NB: the Random only fills arrays that are overwritten at once
		SlstmStack s = new SlstmStack(m.config().slstmConfig(), m.config().numLayers(), m.dataType(), new Random(0));
		List<INDArray> from = m.lstm().parameters(), to = s.parameters();
		for (int a = 0; a < from.size(); a++) to.get(a).assign(from.get(a));
		return new Ride(m.config(), m.whitening(), s, new Mcgsm(m.mcgsm().params().copy()));
	}
}
