package org.ride.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.mcgsm.Mcgsm;
import org.ride.core.mcgsm.McgsmConfig;
import org.ride.core.mcgsm.TrainFlags;
import org.ride.core.optim.LbfgsOptions;
import org.ride.core.optim.LbfgsResult;
import org.ride.core.optim.LbfgsResult.StopReason;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

class McgsmFitTest {

	private static final McgsmConfig CONFIG = new McgsmConfig(4, 1, 3, 2, 4);

	/** A teacher MCGSM with sharpened parameters generates y | x for Gaussian x. */
	private static INDArray[] teacherData(Mcgsm teacher, int n, long seed) {
		INDArray x = Nd4j.randn(new Random(seed).nextLong(), new long[] { CONFIG.dimIn(), n }).castTo(DataType.DOUBLE);
		return new INDArray[] { x, teacher.sample(x, new Random(seed + 1)) };
	}

	private static Mcgsm teacher() {
		Mcgsm t = new Mcgsm(CONFIG, DataType.DOUBLE, new Random(7));
		t.params().set("predictors", t.params().get("predictors").muli(8)); // a strong, learnable linear dependence of y on x
		t.params().set("scales", t.params().get("scales").addi(3.0)); // low noise: far below the random student
		return t;
	}

	@Test
	void lbfgsLowersTheObjectiveTowardTheTeachersOnDataFromAKnownMcgsm() {
		Mcgsm teacher = teacher();
		INDArray[] train = teacherData(teacher, 2000, 1), test = teacherData(teacher, 2000, 2);
		Mcgsm student = new Mcgsm(CONFIG, DataType.DOUBLE, new Random(3));
		double before = student.evaluate(test[0], test[1], false, null).objective();
		double teacherJ = teacher.evaluate(test[0], test[1], false, null).objective();
		LbfgsResult r = McgsmFit.fit(student, train[0], train[1], null, null, TrainFlags.DEFAULT,
			LbfgsOptions.defaults().withMaxIter(150), Progress.NONE, CancelToken.NONE);
		double after = student.evaluate(test[0], test[1], false, null).objective();
		double[] h = r.objectiveHistory();
		assertTrue(h[h.length - 1] < h[0] - 1.0, "training objective fell from " + h[0] + " to " + h[h.length - 1]);
		assertTrue(after < before - 1.0, "held-out objective " + before + " -> " + after);
		// held-out bits/dim within 0.1 bit of the data-generating model
		assertTrue(after < teacherJ + 0.1, "student " + after + " vs teacher " + teacherJ);
		assertEquals(r.value(), student.evaluate(train[0], train[1], false, null).objective(), 1e-9,
			"the model holds the returned parameters");
	}

	@Test
	void earlyStoppingLeavesTheBestValidationParametersInTheModel() {
		Mcgsm teacher = teacher();
		// few training samples and many parameters: the validation loss turns up while training still improves
		INDArray[] train = teacherData(teacher, 60, 4), val = teacherData(teacher, 2000, 5);
		Mcgsm student = new Mcgsm(new McgsmConfig(4, 1, 6, 3, 8), DataType.DOUBLE, new Random(9));
		LbfgsResult r = McgsmFit.fit(student, train[0], train[1], val[0], val[1], TrainFlags.DEFAULT,
			LbfgsOptions.defaults().withMaxIter(1000).withValidation(5, 4), Progress.NONE, CancelToken.NONE);
		assertEquals(StopReason.EARLY_STOP, r.stopReason());
		double best = Double.POSITIVE_INFINITY;
		for (double v : r.validationHistory()) best = Math.min(best, v);
		double held = student.evaluate(val[0], val[1], false, null).objective();
		assertEquals(best, held, 1e-9, "the model must hold the best-validation parameters");
		double[] vh = r.validationHistory();
		assertTrue(vh[vh.length - 1] > best, "validation got worse after its best check");
	}

	@Test
	void anEmptyTrainingSetIsRefusedWithAClearMessage() {
		Mcgsm m = new Mcgsm(CONFIG, DataType.DOUBLE, new Random(1));
		INDArray x = Nd4j.zeros(DataType.DOUBLE, 4, 0), y = Nd4j.zeros(DataType.DOUBLE, 1, 0);
		var e = assertThrows(IllegalArgumentException.class, () -> McgsmFit.fit(m, x, y, null, null, TrainFlags.DEFAULT,
			LbfgsOptions.defaults(), Progress.NONE, CancelToken.NONE));
		assertTrue(e.getMessage().contains("training set is empty"), e.getMessage());
	}
}
