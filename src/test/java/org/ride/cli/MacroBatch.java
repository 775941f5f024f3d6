package org.ride.cli;

import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.Roi;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs many macro cases in ONE headless JVM through {@link MacroRunner}'s real interpreter path (the same
 * {@code execute} that {@code ride-macro} runs, and whose result is its exit code), for the bad-input table:
 * a fresh JVM with ND4J costs seconds, a case costs milliseconds. Test code; lives in the launcher's folder
 * ({@code boot/}) next to {@link MacroRunner}, so the plugin is still loaded by ImageJ's PluginClassLoader.
 * <p>
 * Input: blocks {@code @@case ID} + macro text. A macro calls {@code call("org.ride.cli.MacroBatch.snapshot")}
 * right before the command under test; the images open at that moment are fingerprinted (title, dimensions,
 * type, selection, every pixel) and compared with the same image objects after the case. Output per case:
 * {@code @@case ID}, {@code @@code N}, {@code @@changed ...}, {@code @@out} + stdout, {@code @@err} + stderr.
 * <pre>java -Dplugins.dir=IJDIR -cp IJDIR/ij.jar:BOOT org.ride.cli.MacroBatch cases.txt results.txt</pre>
 */
public final class MacroBatch {

	private static final Map<ImagePlus, String> SNAPSHOT = new LinkedHashMap<>();
	private static volatile boolean snapped;
	private static final long CASE_TIMEOUT_S = 120;

	private MacroBatch() {}

	/** Called from a macro: fingerprints the open images. */
	public static String snapshot() {
		SNAPSHOT.clear();
		snapped = true;
		int[] ids = WindowManager.getIDList();
		if (ids != null) for (int id : ids) {
			ImagePlus imp = WindowManager.getImage(id);
			if (imp != null) SNAPSHOT.put(imp, fingerprint(imp));
		}
		return "" + SNAPSHOT.size();
	}

	static String fingerprint(ImagePlus imp) {
		try {
			MessageDigest md = MessageDigest.getInstance("SHA-256");
			Roi roi = imp.getRoi();
			String meta = imp.getTitle() + "|" + imp.getWidth() + "x" + imp.getHeight() + "|" + imp.getNChannels() + ","
				+ imp.getNSlices() + "," + imp.getNFrames() + "|" + imp.getBitDepth() + "|" + (roi == null ? "no roi"
					: roi.getTypeAsString() + roi.getBounds() + java.util.Arrays.toString(roi.getFloatPolygon().xpoints)
						+ java.util.Arrays.toString(roi.getFloatPolygon().ypoints));
			md.update(meta.getBytes(StandardCharsets.UTF_8));
			ImageStack st = imp.getStack();
			for (int s = 1; s <= st.getSize(); s++) {
				Object px = st.getPixels(s);
				ByteBuffer b;
				if (px instanceof byte[] a) b = ByteBuffer.wrap(a);
				else if (px instanceof short[] a) {
					b = ByteBuffer.allocate(2 * a.length);
					b.asShortBuffer().put(a);
				} else if (px instanceof float[] a) {
					b = ByteBuffer.allocate(4 * a.length);
					b.asFloatBuffer().put(a);
				} else {
					int[] a = (int[]) px;
					b = ByteBuffer.allocate(4 * a.length);
					b.asIntBuffer().put(a);
				}
				md.update(b);
			}
			return meta.replace('\n', ' ') + " sha " + HexFormat.of().formatHex(md.digest()).substring(0, 16);
		} catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	public static void main(String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		String text = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
		Map<String, String> cases = new LinkedHashMap<>();
		String id = null;
		StringBuilder body = new StringBuilder();
		for (String line : text.split("\n", -1)) {
			if (line.startsWith("@@case ")) {
				if (id != null) cases.put(id, body.toString());
				id = line.substring(7).trim();
				body.setLength(0);
			} else body.append(line).append('\n');
		}
		if (id != null) cases.put(id, body.toString());
		File ijDir = new File(System.getProperty("plugins.dir"));
		MacroRunner.installCommands(new File(ijDir, "plugins"));
		MacroRunner.addPlatformJars(new File(ijDir, "jars"));
		PrintStream realOut = System.out, realErr = System.err;
		StringBuilder results = new StringBuilder();
		ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "macro-case");
			t.setDaemon(true);
			return t;
		});
		for (Map.Entry<String, String> c : cases.entrySet()) {
			SNAPSHOT.clear();
			snapped = false;
			ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
			System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
			System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
			int code;
			Future<Integer> f = ex.submit(() -> MacroRunner.execute(c.getKey(), c.getValue(), ""));
			try {
				code = f.get(CASE_TIMEOUT_S, TimeUnit.SECONDS);
			} catch (TimeoutException e) {
				code = -1; // a hang: the case's thread is left behind, a new one serves the next case
				f.cancel(true);
				ex.shutdownNow();
				ex = Executors.newSingleThreadExecutor();
			}
			System.setOut(realOut);
			System.setErr(realErr);
			List<String> changed = new ArrayList<>();
			if (!snapped) changed.add("no snapshot taken");
			for (Map.Entry<ImagePlus, String> s : SNAPSHOT.entrySet()) {
				String now = fingerprint(s.getKey());
				if (!now.equals(s.getValue())) changed.add(s.getValue() + " -> " + now);
			}
			results.append("@@case ").append(c.getKey()).append('\n').append("@@code ").append(code).append('\n')
				.append("@@changed ").append(String.join(" ; ", changed)).append('\n').append("@@out\n")
				.append(out.toString(StandardCharsets.UTF_8)).append("\n@@err\n").append(err.toString(StandardCharsets.UTF_8))
				.append('\n');
			closeAll();
			realOut.println("case " + c.getKey() + ": exit code " + code);
		}
		Files.writeString(Path.of(args[1]), results.toString(), StandardCharsets.UTF_8);
		System.exit(0);
	}

	/** Forgets every image of the last case, so each case starts with none open. */
	private static void closeAll() {
		int[] ids = WindowManager.getIDList();
		if (ids != null) for (int id : ids) {
			ImagePlus imp = WindowManager.getImage(id);
			if (imp == null) continue;
			imp.changes = false;
			ij.macro.Interpreter.removeBatchModeImage(imp);
			imp.close();
		}
		WindowManager.setTempCurrentImage(null);
	}
}
