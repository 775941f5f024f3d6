package org.ride.ij;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.process.FloatProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Options}: macro parsing as ImageJ delivers it, validation messages, key rules, record/replay. */
class OptionsTest {

	private static final String CMD = "RIDE Test";

	@AfterEach
	void cleanUp() {
		Macro.setOptions(Thread.currentThread(), null);
		Interpreter.batchMode = false;
		WindowManager.setTempCurrentImage(null);
	}

	/** The options a command in the Fiji style would declare. */
	private static Options declare(Options o) {
		return o.integer("epochs", 10, 1, 1000, "training epochs").number("learning_rate", 1e-3, 0, 1, "step size")
				.choice("method", "zscore", "normalisation", "zscore", "minmax", "none")
				.string("title", "", "output title").path("model", "", "model file").flag("verbose", "log more");
	}

	private static Options macro(String options) {
		return declare(new Options(CMD, options, Options.Source.MACRO));
	}

	/** Reads options exactly as a plugin started by run(cmd, options) does: Run$_ thread + Macro.setOptions. */
	@Test
	void readsMacroOptionsOfARunThread() {
		String name = Thread.currentThread().getName();
		Thread.currentThread().setName("Run$_" + CMD);
		try {
			Macro.setOptions(Thread.currentThread(), "epochs=7 learning_rate=0.25 method=MinMax title=[my out] "
					+ "model='/a b/m.zip' verbose");
			Options o = declare(Options.of(CMD));
			assertEquals(Options.Source.MACRO, o.source());
			assertTrue(o.read());
			assertEquals(7, o.getInt("epochs"));
			assertEquals(0.25, o.getNumber("learning_rate"), 0.0);
			assertEquals("minmax", o.getChoice("method"));
			assertEquals("my out", o.getString("title"));
			assertEquals("/a b/m.zip", o.getPath("model"));
			assertTrue(o.getFlag("verbose"));
		} finally {
			Thread.currentThread().setName(name);
		}
	}

	@Test
	void withoutRunThreadNameThereAreNoMacroOptions() {
		Macro.setOptions(Thread.currentThread(), "epochs=7");
		assertTrue(Macro.getOptions() == null || !Thread.currentThread().getName().startsWith("Run$_"));
	}

	@Test
	void absentOptionsTakeDefaults() {
		Options o = macro("epochs=3");
		o.read();
		assertEquals(3, o.getInt("epochs"));
		assertEquals(1e-3, o.getNumber("learning_rate"), 0.0);
		assertEquals("zscore", o.getChoice("method"));
		assertEquals("", o.getString("title"));
		assertFalse(o.getFlag("verbose"));
	}

	@Test
	void invalidValuesNameKeyValueAndFix() {
		assertMessage("epochs=abc", "epochs=abc is not an integer", "[1, 1000]", "e.g. epochs=10");
		assertMessage("epochs=2.5", "epochs=2.5 is not an integer");
		assertMessage("epochs=0", "epochs=0 is out of range", "[1, 1000]");
		assertMessage("learning_rate=NaN", "learning_rate=NaN is not a number");
		assertMessage("method=median", "method=median is not a valid choice", "zscore, minmax, none");
		assertMessage("verbose=true", "verbose=true is a checkbox", "write just 'verbose'");
		assertMessage("epochs", "'epochs' is given without a value", "e.g. epochs=10");
		assertMessage("epoch=3", "unknown option 'epoch'", "valid options: epochs, learning_rate");
		assertMessage("Epochs=3", "unknown option 'Epochs'", "keys are lower-case: epochs");
		assertMessage("num_epochs=3", "unknown option 'num_epochs'");
		assertMessage("epochs=3 epochs=4", "'epochs' is given twice");
		assertMessage("title=[open", "no closing ]");
	}

	private static void assertMessage(String options, String... parts) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> macro(options).read());
		assertTrue(e.getMessage().startsWith(CMD), e.getMessage());
		for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' missing in: " + e.getMessage());
	}

	@Test
	void requiredAndMustExist() {
		Options o = new Options(CMD, "", Options.Source.MACRO).path("model", "", "model file").required();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, o::read);
		assertTrue(e.getMessage().contains("missing required option model"), e.getMessage());
		Options p = new Options(CMD, "model=/no/such/file.zip", Options.Source.MACRO).path("model", "", "m").mustExist();
		e = assertThrows(IllegalArgumentException.class, p::read);
		assertTrue(e.getMessage().contains("names no existing file"), e.getMessage());
	}

	@Test
	void keyRulesRejectClashesThatMacroGetValueWouldConfuse() {
		// the trap itself (fiji-notes.md §2.3): getValue finds "epochs" inside "num_epochs=5"
		assertEquals("5", Macro.getValue("num_epochs=5 epochs=7", "epochs", null));
		Options o = new Options(CMD, "", Options.Source.MACRO).integer("num_epochs", 1, 1, 9, "");
		assertThrows(IllegalStateException.class, () -> o.integer("epochs", 1, 1, 9, ""));
		assertThrows(IllegalStateException.class, () -> o.integer("x2num_epochs", 1, 1, 9, ""));
		assertThrows(IllegalStateException.class, () -> o.integer("Epochs", 1, 1, 9, ""));
		assertThrows(IllegalStateException.class, () -> o.integer("num_epochs", 1, 1, 9, ""));
		o.integer("batch_epochsize", 1, 1, 9, ""); // a suffix after a letter is fine for getValue
	}

	/** What the recorder would write is read back to the same values, also by ImageJ's own Macro.getValue. */
	@Test
	void recordedLineReplaysToTheSameValues() {
		Options o = macro("epochs=12 learning_rate=0.5 method=none title=[a b] model=[/x y/m.zip] verbose");
		o.read();
		String line = o.toMacroString();
		assertEquals("epochs=12 learning_rate=0.5 method=none title=[a b] model=[/x y/m.zip] verbose", line);
		Options back = macro(line);
		back.read();
		assertEquals(line, back.toMacroString());
		assertEquals("a b", Macro.getValue(line + " ", "title", null));
		assertEquals("0.5", Macro.getValue(line + " ", "learning_rate", null));
	}

	@Test
	void imageByTitleOrCurrent() {
		Interpreter.batchMode = true; // show() then only registers the images, as in batch macros
		ImagePlus a = new ImagePlus("first image", new FloatProcessor(3, 2));
		ImagePlus b = new ImagePlus("second", new FloatProcessor(3, 2));
		a.show();
		b.show();
		try {
			Options byTitle = new Options(CMD, "image=[first image]", Options.Source.MACRO).image("image");
			byTitle.read();
			assertSame(a, byTitle.getImage("image"));
			Options current = new Options(CMD, "", Options.Source.MACRO).image("image");
			current.read();
			assertSame(WindowManager.getCurrentImage(), current.getImage("image"));
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
					() -> new Options(CMD, "image=third", Options.Source.MACRO).image("image").read());
			assertTrue(e.getMessage().contains("no image titled 'third'"), e.getMessage());
			assertTrue(e.getMessage().contains("first image, second"), e.getMessage());
			assertEquals(List.of("first image", "second"), Images.titles());
		} finally {
			Interpreter.removeBatchModeImage(a);
			Interpreter.removeBatchModeImage(b);
		}
	}

	@Test
	void defaultsSourceUsesDefaults() {
		Options o = declare(new Options(CMD, null, Options.Source.DEFAULTS));
		o.read();
		assertEquals(10, o.getInt("epochs"));
		assertEquals("epochs=10 learning_rate=0.001 method=zscore", o.toMacroString());
	}
}
