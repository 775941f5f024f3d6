package org.ride.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import ij.ImagePlus;
import ij.io.FileSaver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input table of {@code docs/bad-input.md}, one dynamic test per row: every row's macro runs through the
 * real ImageJ macro interpreter headless, with the plugin loaded by ImageJ's PluginClassLoader, all rows in ONE
 * fresh JVM ({@link ImageJFolder#runBatch}). A refused row must end with exit code 1 and ONE message (no stack
 * trace, nothing "unexpected") that names the problem and the fix, and leave every image that was open before the
 * command exactly as it was. An accepted row (valid input that looks odd) must succeed and leave its input as it
 * was. {@link #docsListEveryRow} keeps the document and this table the same.
 */
class BadInputTableTest {

	@TempDir
	static Path dir;
	private static Map<String, ImageJFolder.CaseResult> results;

	/**
	 * @param id      row id in the document
	 * @param input   what is wrong (document column)
	 * @param macro   setup, then {@code SNAP}, then the command under test
	 * @param problem text the message must contain that names the problem ("" for an accepted row)
	 * @param fix     text the message must contain that names the fix
	 */
	record Row(String id, String input, String macro, String problem, String fix) {
		boolean accepted() {
			return problem.isEmpty();
		}
	}

	static final String SNAP = "call(\"org.ride.cli.MacroBatch.snapshot\");\n";
	static final List<Row> ROWS = new ArrayList<>();

	private static void refuse(String id, String input, String macro, String problem, String fix) {
		ROWS.add(new Row(id, input, macro, problem, fix));
	}

	private static void accept(String id, String input, String macro) {
		ROWS.add(new Row(id, input, macro, "", ""));
	}

	private static String img(String type, int w, int h, int d) {
		return "newImage(\"input\", \"" + type + "\", " + w + ", " + h + ", " + d + ");\n";
	}

	private static final String TRAIN = "run(\"RIDE Train Model\", \"image=input preset=tiny seed=1 model_file=[%DIR%/out.zip] restart";
	private static final String MAP = "run(\"RIDE Log-Likelihood Map\", \"image=input model_file=[%MODEL%]";
	private static final String INPAINT = "run(\"RIDE Inpaint ROI\", \"image=input model_file=[%MODEL%] sweeps=1 candidates=1";
	private static final String SYNTH = "run(\"RIDE Synthesize Texture\", \"model_file=[%MODEL%]";
	private static final String EVAL = "run(\"RIDE Evaluate Model\", \"image=input model_file=[%MODEL%]";
	private static final String FOLDER = "run(\"RIDE Apply Model to Folder\", \"model_file=[%MODEL%]";
	private static final String TEX = "open(\"%TEX%\"); rename(\"input\");\n";

	static {
		// ---- sizes ----
		refuse("size-1x1-train", "1×1 image, Train", img("8-bit ramp", 1, 1, 1) + SNAP + TRAIN + "\");",
			"is 1×1 px but the smallest training patch is 8×8 px", "use a larger image or selection");
		refuse("size-2wide-train", "2×64 image, Train", img("8-bit ramp", 2, 64, 1) + SNAP + TRAIN + "\");",
			"is 2×64 px", "use a larger image");
		refuse("size-1x1-map", "1×1 image, Log-Likelihood Map", img("8-bit ramp", 1, 1, 1) + SNAP + MAP + "\");",
			"is 1×1 px but the model's causal window", "use an image of at least");
		refuse("size-2wide-map", "2×40 image, Log-Likelihood Map", img("8-bit ramp", 2, 40, 1) + SNAP + MAP + "\");",
			"is 2×40 px but the model's causal window", "use an image of at least");
		refuse("size-2wide-inpaint", "2×40 image with a selection, Inpaint", img("8-bit ramp", 2, 40, 1)
			+ "makeRectangle(0, 10, 2, 5);\n" + SNAP + INPAINT + "\");", "is 2×40 px but the model's causal window",
			"use an image of at least");
		refuse("size-2wide-evaluate", "2×40 image, Evaluate", img("8-bit ramp", 2, 40, 1) + SNAP + EVAL + "\");",
			"is 2×40 px, smaller than one 64×64 crop", "a smaller crop_size");
		refuse("size-synth-key-range", "Synthesize width=100000 (beyond the key's range)", TEX + SNAP + SYNTH
			+ " width=100000 height=10\");", "option width=100000 is out of range", "e.g. width=256");
		refuse("size-synth-huge", "Synthesize 32768×32768 (in range, too many pixels)", TEX + SNAP + SYNTH
			+ " width=32768 height=32768\");", "is 1024 Mpx, more than the 64 Mpx one run may synthesise (it would need about",
			"ask for fewer or smaller textures");
		refuse("size-synth-count", "Synthesize 1024 textures of 1024×1024", TEX + SNAP + SYNTH
			+ " width=1024 height=1024 count=1024\");", "1024×1024 texture × 1024 is 1024 Mpx", "ask for fewer or smaller textures");

		// ---- values ----
		refuse("nan-train", "32-bit image with a NaN pixel, Train", img("32-bit ramp", 40, 40, 1) + "setPixel(5, 7, NaN);\n"
			+ SNAP + TRAIN + "\");", "has the value NaN at pixel (x=5, y=7)", "Remove NaNs");
		refuse("inf-map", "32-bit image with an infinite pixel, Log-Likelihood Map", img("32-bit ramp", 40, 40, 1)
			+ "setPixel(3, 4, 1/0);\n" + SNAP + MAP + "\");", "non-finite value Infinity at pixel (x=3, y=4)",
			"replace NaN/Inf pixels");
		refuse("nan-inpaint", "NaN in the context of an inpainting", img("32-bit ramp", 40, 40, 1)
			+ "setPixel(3, 4, NaN);\nmakeOval(15, 15, 8, 8);\n" + SNAP + INPAINT + "\");",
			"pixel (x=3, y=4) outside the region is NaN", "include it in the region or replace it");
		refuse("nan-evaluate", "NaN pixel, Evaluate", img("32-bit ramp", 40, 40, 1) + "setPixel(3, 4, NaN);\n" + SNAP
			+ EVAL + " crop_size=16\");", "non-finite value NaN at pixel (x=3, y=4)", "replace NaN/Inf pixels");
		refuse("constant-32bit-train", "constant 32-bit image, Train", img("32-bit black", 40, 40, 1) + "run(\"Set...\", \"value=0.5\");\n"
			+ SNAP + TRAIN + "\");", "has no variation", "use an image with texture");
		accept("constant-8bit-train", "constant 8-bit image, Train (dequantisation noise makes it learnable)",
			img("8-bit black", 24, 24, 1) + SNAP + TRAIN + "\");");
		refuse("full-16bit-map", "16-bit image using the full range 0–65535, Log-Likelihood Map with an 8-bit model",
			img("16-bit ramp", 40, 40, 1) + "setPixel(0, 0, 65535); setPixel(1, 0, 0);\n" + SNAP + MAP + "\");",
			"is 16-bit with values in", "use a model trained on images like this one, or convert the image");
		accept("full-16bit-train", "16-bit image using the full range 0–65535, Train", img("16-bit ramp", 24, 24, 1)
			+ "setPixel(0, 0, 65535); setPixel(1, 0, 0);\n" + SNAP + TRAIN + "\");");

		// ---- stacks and hyperstacks ----
		accept("stack-map", "3-slice stack, Log-Likelihood Map (scores the current slice)", img("8-bit ramp", 30, 30, 3)
			+ "setSlice(2);\n" + SNAP + MAP + "\");");
		refuse("stack-small-slice-train", "stack whose slices are smaller than a patch, Train", img("8-bit ramp", 6, 6, 4)
			+ SNAP + TRAIN + "\");", "is 6×6 px", "use a larger image or selection");
		refuse("hyperstack-small-train", "hyperstack 2 channels × 3 z × 2 t of 4×4 px, Train",
			"newImage(\"input\", \"8-bit ramp\", 4, 4, 2, 3, 2);\n" + SNAP + TRAIN + "\");", "is 4×4 px", "use a larger image or selection");
		refuse("hyperstack-outside-roi-inpaint", "hyperstack 2 z × 2 t with a selection outside the image, Inpaint",
			"newImage(\"input\", \"8-bit ramp\", 30, 30, 1, 2, 2);\nmakeRectangle(40, 40, 5, 5);\n" + SNAP + INPAINT + "\");",
			"covers no pixel", "draw it inside the image");

		// ---- selections ----
		refuse("roi-none-inpaint", "no selection, Inpaint", TEX + SNAP + INPAINT + "\");", "there is no selection",
			"select the region to fill first");
		refuse("roi-line-inpaint", "straight line selection, Inpaint", TEX + "makeLine(2, 2, 20, 20);\n" + SNAP + INPAINT
			+ "\");", "not an area", "select a region");
		refuse("roi-point-inpaint", "point selection, Inpaint", TEX + "makePoint(10, 10);\n" + SNAP + INPAINT + "\");",
			"not an area", "select a region");
		refuse("roi-empty-inpaint", "empty rectangle (0×0), Inpaint", TEX + "makeRectangle(5, 5, 0, 0);\n" + SNAP + INPAINT
			+ "\");", "there is no selection", "select the region to fill first");
		refuse("roi-outside-inpaint", "selection entirely outside the image, Inpaint", TEX
			+ "makeRectangle(100, 100, 10, 10);\n" + SNAP + INPAINT + "\");", "covers no pixel", "draw it inside the image");
		refuse("roi-whole-inpaint", "selection of the whole image, Inpaint", TEX + "run(\"Select All\");\n" + SNAP + INPAINT
			+ "\");", "covers the whole image", "select a smaller region");
		refuse("roi-outside-train", "selection outside the image, Train", TEX + "makeRectangle(100, 100, 10, 10);\n" + SNAP
			+ TRAIN + "\");", "empty or outside the image", "remove it");
		refuse("roi-small-train", "4×4 selection, Train", TEX + "makeRectangle(3, 3, 4, 4);\n" + SNAP + TRAIN + "\");",
			"(its selection) is 4×4 px", "use a larger image or selection");
		refuse("roi-file-missing", "roi_file that does not exist, Inpaint", TEX + SNAP + INPAINT
			+ " roi_file=[%DIR%/none.roi]\");", "could not read the selection file", "save one with");
		refuse("roi-file-png", "roi_file that is a PNG, Inpaint", TEX + SNAP + INPAINT + " roi_file=[%PNG%]\");",
			"could not read the selection file", "save one with");

		// ---- keys ----
		refuse("key-unknown", "unknown key epoch=2 (typo of epochs), Train", TEX + SNAP + TRAIN + " epoch=2\");",
			"unknown option 'epoch'", "valid options:");
		refuse("key-uppercase", "upper-case key Seed=1, Log-Likelihood Map", TEX + SNAP + MAP + " Seed=1\");",
			"unknown option 'Seed'", "keys are lower-case");
		refuse("key-no-value", "key without a value (epochs=), Train", TEX + SNAP + TRAIN + " epochs=\");",
			"option 'epochs' is given without a value", "write e.g. epochs=");
		refuse("image-missing", "image=[no such title]", TEX + SNAP + MAP.replace("image=input", "image=[no such title]")
			+ "\");", "no image titled 'no such title'", "open images: input");
		refuse("image-none-open", "no image open at all, Log-Likelihood Map", SNAP + MAP.replace("image=input ", "") + "\");", "none is open",
			"open or create one first");
		refuse("list-bad-patch-sizes", "patch_sizes=[8,x], Train", TEX + SNAP + TRAIN + " patch_sizes=[8,x]\");",
			"'x' is not an integer", "patch_sizes=[8,12,16]");
		refuse("list-bad-rates", "learning_rates=[fast], Train", TEX + SNAP + TRAIN + " learning_rates=[fast]\");",
			"'fast' is not a number", "learning_rates=[1,0.1,0.01]");
		refuse("choice-bad-preset", "preset=huge, Train", TEX + SNAP + TRAIN.replace("preset=tiny", "preset=huge") + "\");",
			"preset=huge is not a valid choice", "one of fast");

		// ---- model files ----
		refuse("model-missing", "model_file that does not exist", TEX + SNAP + MAP.replace("%MODEL%", "%DIR%/none.zip")
			+ "\");", "does not exist", "train a model first");
		refuse("model-folder", "model_file that is a folder", TEX + SNAP + MAP.replace("%MODEL%", "%DIR%") + "\");",
			"is a folder, not a model file", "pass the .zip itself");
		refuse("model-png", "model_file that is a PNG", TEX + SNAP + MAP.replace("%MODEL%", "%PNG%") + "\");",
			"not a zip archive", "choose a .zip written by RIDE Train Model");
		refuse("model-empty", "model_file that is empty (0 bytes)", TEX + SNAP + MAP.replace("%MODEL%", "%EMPTY%") + "\");",
			"not a zip archive", "choose a .zip written by RIDE Train Model");
		refuse("model-truncated", "model_file cut off (an interrupted copy)", TEX + SNAP
			+ MAP.replace("%MODEL%", "%TRUNC%") + "\");", "is truncated", "copy the file again or retrain the model");
		refuse("model-other-zip", "model_file that is some other zip", TEX + SNAP + MAP.replace("%MODEL%", "%OTHERZIP%")
			+ "\");", "has no model.json", "choose a .zip written by RIDE Train Model");
		refuse("model-untrained", "model_file holding an untrained model", TEX + SNAP
			+ MAP.replace("%MODEL%", "%UNTRAINED%") + "\");", "untrained model", "train it with RIDE Train Model first");
		refuse("model-not-given", "model_file=[] (empty)", TEX + SNAP + MAP.replace("[%MODEL%]", "[]") + "\");",
			"missing required option model_file", "e.g. run(");

		// ---- outputs ----
		refuse("out-no-folder", "Train model_file in a folder that does not exist", TEX + SNAP
			+ TRAIN.replace("%DIR%/out.zip", "%DIR%/no such folder/m.zip") + "\");", "does not exist", "create it first");
		refuse("out-under-file", "Train model_file under a regular file", TEX + SNAP
			+ TRAIN.replace("%DIR%/out.zip", "%PNG%/m.zip") + "\");", "is a file, not a folder", "choose a path inside a folder");
		refuse("out-is-folder", "Train model_file that is an existing folder", TEX + SNAP
			+ TRAIN.replace("%DIR%/out.zip", "%FOLDERZIP%") + "\");", "it is a folder", "give a file name inside it");
		refuse("out-name-too-long", "Train model_file with a 300-character name", TEX + SNAP
			+ TRAIN.replace("%DIR%/out.zip", "%DIR%/" + "n".repeat(300) + ".zip") + "\");", "longer than the 255 bytes", "choose a shorter name");
		refuse("folder-output-is-file", "Apply to Folder, output_folder is an existing file", TEX + SNAP + FOLDER
			+ " input_folder=[%INDIR%] output_folder=[%PNG%]\");", "is a file, not a folder", "pass output_folder=");
		refuse("folder-input-missing", "Apply to Folder, input_folder does not exist", TEX + SNAP + FOLDER
			+ " input_folder=[%DIR%/none] output_folder=[%DIR%/o]\");", "names no existing file or folder", "e.g. input_folder=");
		refuse("folder-input-is-file", "Apply to Folder, input_folder is a file", TEX + SNAP + FOLDER
			+ " input_folder=[%PNG%] output_folder=[%DIR%/o2]\");", "is not a folder", "pass input_folder=");

		// ---- paths with spaces and non-ASCII ----
		refuse("path-odd-missing", "model_file with spaces and non-ASCII that does not exist", TEX + SNAP
			+ MAP.replace("%MODEL%", "%ODD%/modèle ü 2.zip") + "\");", "modèle ü 2.zip", "does not exist");
		refuse("path-odd-image", "image=[bild ä 1] (no such title)", TEX + SNAP
			+ MAP.replace("image=input", "image=[bild ä 1]") + "\");", "'bild ä 1'", "pass image=[exact title]");
		accept("path-odd-model", "model_file with spaces and non-ASCII that exists", TEX + SNAP
			+ MAP.replace("%MODEL%", "%ODD%/modèle ü.zip") + "\");");
		accept("path-odd-train", "Train to a model_file with spaces and non-ASCII", TEX + SNAP
			+ TRAIN.replace("%DIR%/out.zip", "%ODD%/neu é.zip") + "\");");

		// ---- a bad number for every numeric key ----
		String[][] keys = {
			{ "train", "nb_size", "4" }, { "train", "num_hiddens", "0" }, { "train", "num_layers", "9" },
			{ "train", "num_components", "abc" }, { "train", "num_scales", "2.5" }, { "train", "num_features", "-1" },
			{ "train", "momentum", "NaN" }, { "train", "beta1", "1" }, { "train", "beta2", "-0.1" },
			{ "train", "batch_size", "1e12" }, { "train", "epochs", "0" }, { "train", "augment", "3" },
			{ "train", "max_patches", "-5" }, { "train", "finetune_iter", "x" }, { "train", "finetune_samples", "0" },
			{ "train", "finetune_validation", "-1" }, { "train", "validation_fraction", "1.5" },
			{ "train", "whitening_samples", "10" }, { "train", "seed", "-1" },
			{ "map", "seed", "1.5" }, { "evaluate", "crop_size", "2" }, { "evaluate", "seed", "inf" },
			{ "folder", "seed", "abc" }, { "synth", "width", "0" }, { "synth", "height", "-3" }, { "synth", "count", "2000" },
			{ "synth", "seed", "NaN" }, { "inpaint", "sweeps", "-1" }, { "inpaint", "candidates", "1001" },
			{ "inpaint", "window_size", "4" }, { "inpaint", "block_size", "0" }, { "inpaint", "stride", "abc" },
			{ "inpaint", "average_last", "-2" }, { "inpaint", "seed", "3e9" }, { "info", "scale", "1e7" },
			{ "info", "offset", "NaN" } };
		for (String[] k : keys) {
			String cmd = switch (k[0]) {
			case "train" -> k[1].equals("seed") ? TRAIN.replace(" seed=1", "") : TRAIN;
			case "map" -> MAP;
			case "evaluate" -> EVAL;
			case "folder" -> FOLDER + " input_folder=[%INDIR%] output_folder=[%DIR%/o3]";
			case "synth" -> SYNTH;
			case "inpaint" -> INPAINT.replace(" sweeps=1 candidates=1", "");
			default -> "run(\"RIDE Image Info\", \"image=input";
			};
			boolean odd = k[1].equals("nb_size"); // NB: in range but even: RideConfig's own message
			refuse("number-" + k[0] + "-" + k[1], k[1] + "=" + k[2] + " (" + k[0] + ")", TEX + "makeOval(10, 10, 6, 6);\n"
				+ SNAP + cmd + " " + k[1] + "=" + k[2] + "\");", odd ? "nb_size is 4 but must be odd" : "option " + k[1] + "="
					+ k[2] + " is ", odd ? "use 5" : "e.g. " + k[1] + "=");
		}
	}

	@BeforeAll
	static void runAllRows() throws Exception {
		ImageJFolder ij = ImageJFolder.create(dir.resolve("ij"));
		Path models = Files.createDirectories(dir.resolve("models"));
		Path model = models.resolve("tiny.zip");
		TestFixtures.writeTinyModel(model);
		Path odd = Files.createDirectories(dir.resolve("dossier à é/ü ß"));
		Files.copy(model, odd.resolve("modèle ü.zip"));
		Path png = dir.resolve("picture.png");
		new FileSaver(new ImagePlus("p", TestFixtures.texture(8, 8, 1))).saveAsPng(png.toString());
		Path tex = dir.resolve("tex.tif");
		new FileSaver(new ImagePlus("tex", TestFixtures.texture(40, 32, 21))).saveAsTiff(tex.toString());
		Path empty = Files.createFile(dir.resolve("empty.zip"));
		byte[] m = Files.readAllBytes(model);
		Path trunc = Files.write(dir.resolve("truncated.zip"), java.util.Arrays.copyOf(m, m.length / 2));
		Path otherZip = dir.resolve("other.zip");
		try (OutputStream o = Files.newOutputStream(otherZip); ZipOutputStream z = new ZipOutputStream(o)) {
			z.putNextEntry(new ZipEntry("readme.txt"));
			z.write("not a model".getBytes(StandardCharsets.UTF_8));
			z.closeEntry();
		}
		Path untrained = models.resolve("untrained.zip");
		org.ride.io.RideModelFile.write(untrained, org.ride.io.SavedModel.of(new org.ride.core.model.Ride(
			org.ride.core.model.RideConfig.tiny(), org.nd4j.linalg.api.buffer.DataType.FLOAT, new java.util.Random(1)), null,
			null));
		Path folderZip = Files.createDirectories(dir.resolve("a folder.zip"));
		Path in = Files.createDirectories(dir.resolve("in"));
		Files.copy(tex, in.resolve("tex.tif"));
		Map<String, String> macros = new LinkedHashMap<>();
		for (Row r : ROWS)
			macros.put(r.id(), r.macro().replace("%MODEL%", model.toString()).replace("%DIR%", dir.toString())
				.replace("%PNG%", png.toString()).replace("%TEX%", tex.toString()).replace("%EMPTY%", empty.toString())
				.replace("%TRUNC%", trunc.toString()).replace("%OTHERZIP%", otherZip.toString())
				.replace("%UNTRAINED%", untrained.toString()).replace("%FOLDERZIP%", folderZip.toString())
				.replace("%INDIR%", in.toString()).replace("%ODD%", odd.toString()));
		results = ij.runBatch("bad-input", macros);
	}

	/** The message after "failed: " on stderr (the ride-macro line), without the macro line. */
	static String message(ImageJFolder.CaseResult r) {
		int i = r.err().indexOf(" failed: ");
		if (i < 0) return "";
		String m = r.err().substring(i + 9);
		int line = m.indexOf("\n  line ");
		return (line >= 0 ? m.substring(0, line) : m).trim();
	}

	@TestFactory
	Stream<DynamicTest> everyRow() {
		return ROWS.stream().map(r -> DynamicTest.dynamicTest(r.id(), () -> {
			ImageJFolder.CaseResult c = results.get(r.id());
			String all = c.out() + c.err();
			assertEquals("", c.changed(), r.id() + ": the input changed");
			assertFalse(all.contains("\tat "), r.id() + ": stack trace printed:\n" + all);
			if (r.accepted()) {
				assertEquals(0, c.code(), r.id() + ":\n" + all);
				return;
			}
			assertEquals(1, c.code(), r.id() + ":\n" + all);
			String msg = message(c);
			assertEquals(1, c.err().split(" failed: ", -1).length - 1, r.id() + ": one message expected:\n" + c.err());
			assertFalse(msg.contains("unexpectedly"), r.id() + ": " + msg);
			assertTrue(msg.contains(r.problem()), r.id() + ": the message does not name the problem ('" + r.problem()
				+ "'):\n" + msg);
			assertTrue(msg.contains(r.fix()), r.id() + ": the message does not name the fix ('" + r.fix() + "'):\n" + msg);
		}));
	}

	/** The row's line in docs/bad-input.md. */
	static String markdown(Row r) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("run\\(\"(RIDE [^\"]+)\"").matcher(r.macro());
		String command = m.find() ? m.group(1) : "?";
		return "| `" + r.id() + "` | " + r.input() + " | " + command + " | " + (r.accepted() ? "accepted (exit 0)"
			: "\"…" + r.problem() + "…\" — \"…" + r.fix() + "…\"") + " |";
	}

	@Test
	void docsListEveryRow() throws Exception {
		StringBuilder table = new StringBuilder();
		for (Row r : ROWS) table.append(markdown(r)).append('\n');
		Files.writeString(Path.of("target/bad-input-table.md"), table.toString(), StandardCharsets.UTF_8);
		String doc = Files.readString(Path.of("docs/bad-input.md"), StandardCharsets.UTF_8);
		List<String> missing = ROWS.stream().map(BadInputTableTest::markdown).filter(l -> !doc.contains(l)).toList();
		assertTrue(missing.isEmpty(), "docs/bad-input.md lacks these rows (target/bad-input-table.md has the table):\n"
			+ String.join("\n", missing));
		long refused = ROWS.stream().filter(r -> !r.accepted()).count();
		assertTrue(doc.contains(refused + " refused inputs"), "docs/bad-input.md must say '" + refused + " refused inputs'");
	}
}
