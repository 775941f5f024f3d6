package org.ride.ij;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ride.core.model.RideConfig;
import org.ride.core.train.TrainConfig;

class TrainSettingsTest {

	private static TrainSettings.Preset read(String preset, long seed, String text) {
		Options o = TrainSettings.declare(Options.fromText("RIDE Train Model", text), TrainSettings.preset(preset, seed));
		o.read();
		return TrainSettings.read(o, seed);
	}

	@Test
	void withoutOptionsEveryPresetIsTheCoresConfig() {
		assertEquals(new TrainSettings.Preset(RideConfig.paper(1), TrainConfig.paper(7)), read("paper 1/64", 7, ""));
		assertEquals(new TrainSettings.Preset(RideConfig.fast(), TrainConfig.fast(3)), read("fast", 3, ""));
		TrainSettings.Preset two = read("paper 2/64", 1, "");
		assertArrayEquals(new int[] { 1 }, two.train().addLayers());
		assertEquals(TrainConfig.paper(1).patchSizes().length, two.train().numStages());
		assertEquals(TrainConfig.Method.ADAM, two.train().method(), "SGD at lr 1.0 destabilises two layers");
		TrainSettings.Preset std = read("standard", 4, "");
		assertEquals(new TrainSettings.Preset(RideConfig.paper(1), TrainConfig.standard(4)), std);
		assertEquals(10, std.train().minutes());
		assertTrue(std.train().randomPatches());
		assertEquals(TrainSettings.preset("tiny", 2), read("tiny", 2, ""));
	}

	@Test
	void explicitOptionsOverrideThePreset() {
		TrainSettings.Preset p = read("paper 1/64", 5, "num_hiddens=32 nb_size=3 patch_sizes=[8, 12] "
				+ "learning_rates=[0.5,0.05] method=adam beta1=0.8 epochs=2 finetune_iter=0 add_layers=1 extended");
		assertEquals(32, p.model().numHiddens());
		assertEquals(3, p.model().nbSize());
		assertTrue(p.model().extended());
		assertArrayEquals(new int[] { 8, 12 }, p.train().patchSizes());
		assertArrayEquals(new double[] { 0.5, 0.05 }, p.train().learningRates());
		assertEquals(TrainConfig.Method.ADAM, p.train().method());
		assertEquals(0.8, p.train().beta1());
		assertEquals(2, p.train().epochsPerStage());
		assertEquals(false, p.train().finetune());
		assertEquals(5, p.train().seed());
		assertEquals(TrainConfig.paper(5).batchSize(), p.train().batchSize(), "not given: the preset's value");
		TrainSettings.Preset b = read("standard", 1, "minutes=2.5 max_patches=300 patch_offsets=grid num_layers=0");
		assertEquals(2.5, b.train().minutes());
		assertEquals(300, b.train().maxPatchesPerStage());
		assertFalse(b.train().randomPatches());
		assertEquals("MCGSM", b.model().label());
	}

	@Test
	void badListsAndUnknownPresetsSayWhatToWrite() {
		String m = assertThrows(IllegalArgumentException.class, () -> read("fast", 1, "patch_sizes=[8,x]")).getMessage();
		assertTrue(m.contains("'x' is not an integer") && m.contains("patch_sizes=[8,12,16]"), m);
		m = assertThrows(IllegalArgumentException.class, () -> TrainSettings.preset("huge", 1)).getMessage();
		assertTrue(m.contains("fast, standard, paper 1/64, paper 2/64, tiny"), m);
		m = assertThrows(IllegalArgumentException.class, () -> read("fast", 1, "epoch=3")).getMessage();
		assertTrue(m.contains("unknown option 'epoch'"), m);
	}
}
