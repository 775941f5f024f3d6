package org.ride.ij;

import ij.IJ;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.awt.event.KeyEvent;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link IjProgress} formatting, {@link IjCancel} turning Esc into a cancelled token, {@link CommandGuard} messages. */
class IjProgressTest {

	private static final long POLL_WAIT_MS = 2000;

	@AfterEach
	void resetEscape() {
		IJ.resetEscape();
	}

	@Test
	void statusLineNamesCommandStageAndStep() {
		IjProgress p = new IjProgress("RIDE Train", false, 1000, null);
		assertEquals("RIDE Train: epoch 2/5 [40/100] loss 1.23", p.format("epoch 2/5", 40, 100, "loss 1.23"));
		assertEquals("RIDE Train: sampling [0/3]", p.format("sampling", 0, 3, ""));
		p.report("sampling", 1, 3, ""); // must not throw headless
		p.done();
	}

	@Test
	void escapeCancelsTheTokenOnReport() {
		try (IjCancel c = IjCancel.start()) {
			IjProgress p = new IjProgress("RIDE Test", false, 1000, c);
			p.report("a", 0, 1, "");
			assertFalse(c.token().isCancelled());
			IJ.setKeyDown(KeyEvent.VK_ESCAPE);
			p.report("a", 1, 1, "");
			assertTrue(c.token().isCancelled());
			CancellationException e = assertThrows(CancellationException.class, c.token()::throwIfCancelled);
			assertEquals("cancelled with Esc", e.getMessage());
		}
		assertFalse(IJ.escapePressed(), "close() clears ImageJ's Esc flag");
	}

	@Test
	void escapeCancelsTheTokenWithoutReports() throws InterruptedException {
		try (IjCancel c = IjCancel.start()) {
			IJ.setKeyDown(KeyEvent.VK_ESCAPE);
			long end = System.currentTimeMillis() + POLL_WAIT_MS;
			while (!c.token().isCancelled() && System.currentTimeMillis() < end) Thread.sleep(10);
			assertTrue(c.token().isCancelled(), "the 100 ms poll should have seen Esc");
		}
	}

	@Test
	void guardMessagesAreOneClearLine() {
		assertEquals("RIDE X: bad nb_size", CommandGuard.message("RIDE X", new IllegalArgumentException("bad nb_size")));
		assertEquals("RIDE X: already says RIDE X",
				CommandGuard.message("RIDE X", new IllegalArgumentException("RIDE X: already says RIDE X")));
		assertEquals("RIDE X was cancelled (cancelled with Esc)",
				CommandGuard.message("RIDE X", new CancellationException("cancelled with Esc")));
		String m = CommandGuard.message("RIDE X", new NullPointerException("boom"));
		assertTrue(m.startsWith("RIDE X failed unexpectedly: NullPointerException: boom at "), m);
		assertFalse(m.contains("\n"), m);
		assertTrue(CommandGuard.message("RIDE X", new OutOfMemoryError()).contains("Memory & Threads"));
	}
}
