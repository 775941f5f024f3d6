package org.ride.ij;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import org.ride.core.progress.CancelToken;
import org.ride.core.progress.Progress;

/**
 * The work of {@code RIDE Apply Model to Folder}: for every image file in a folder (sorted by name; hidden
 * files, sub-folders and files ImageJ cannot open are skipped) the log-likelihood map of its first slice
 * ({@link LikelihoodMaps}) saved as {@code <name>_loglik.tif} in the output folder, and one CSV
 * {@value #CSV} with a row per image: {@code file, width, height, mean_bits_per_px, reachable_px, seconds,
 * error}. An image the model refuses (too small, other units) gets its message in {@code error} and the run
 * goes on; cancelling stops it after the current image (the CSV then holds the images done).
 */
public final class FolderRuns {

	/** Name of the table written into the output folder. */
	public static final String CSV = "ride-loglik.csv";

	/**
	 * @param rows   one per image: the CSV rows without the header
	 * @param failed images refused by the model
	 * @param csv    the table written
	 */
	public record Output(List<String> rows, int failed, Path csv) {}

	private FolderRuns() {}

	/** Runs the model over {@code input}; {@code log} receives one line per image. */
	public static Output apply(LoadedModel model, File input, File output, long seed, Consumer<String> log,
			Progress progress, CancelToken cancel) throws IOException {
		if (!input.isDirectory()) throw new IllegalArgumentException("the input folder " + input.getAbsolutePath()
				+ " does not exist or is not a folder; pass input_folder=[/path/to/images]");
		if (output.exists() && !output.isDirectory()) throw new IllegalArgumentException("the output folder "
				+ output.getAbsolutePath() + " is a file, not a folder; pass output_folder=[/path/to/a new or existing folder]");
		try {
			Files.createDirectories(output.toPath());
		} catch (IOException e) {
			throw new IllegalArgumentException("cannot create the output folder " + output.getAbsolutePath() + " ("
					+ e.getClass().getSimpleName() + ": " + e.getMessage() + "); choose a folder you can write to", e);
		}
		String[] names = input.list((d, n) -> !n.startsWith(".") && new File(d, n).isFile());
		Arrays.sort(names);
		List<String> rows = new ArrayList<>();
		int failed = 0;
		Path csv = output.toPath().resolve(CSV);
		for (int i = 0; i < names.length; i++) {
			cancel.throwIfCancelled();
			progress.report("folder", i, names.length, names[i]);
			ImagePlus imp = IJ.openImage(new File(input, names[i]).getPath());
			if (imp == null) {
				log.accept("skipped " + names[i] + " (not an image ImageJ can open)");
				continue;
			}
			try {
				LikelihoodMaps.Output o = LikelihoodMaps.compute(model, imp, seed, null, Progress.NONE, cancel);
				String tif = new File(output, stem(names[i]) + "_loglik.tif").getPath();
				if (!new FileSaver(o.map()).saveAsTiff(tif)) throw new IOException("could not write " + tif);
				rows.add(String.format(Locale.ROOT, "%s,%d,%d,%.6f,%d,%.3f,", csvField(names[i]), imp.getWidth(),
						imp.getHeight(), o.meanBits(), o.reachable(), o.seconds()));
				log.accept(String.format(Locale.ROOT, "%s: %.4f bits/px -> %s", names[i], o.meanBits(), tif));
			} catch (IllegalArgumentException e) {
				failed++;
				rows.add(String.format(Locale.ROOT, "%s,%d,%d,NaN,0,0,%s", csvField(names[i]), imp.getWidth(),
						imp.getHeight(), csvField(e.getMessage())));
				log.accept(names[i] + ": refused: " + e.getMessage());
			}
			write(csv, rows);
		}
		write(csv, rows);
		progress.report("folder", names.length, Math.max(1, names.length), "done");
		return new Output(rows, failed, csv);
	}

	private static void write(Path csv, List<String> rows) throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("file,width,height,mean_bits_per_px,reachable_px,seconds,error");
		lines.addAll(rows);
		Files.write(csv, lines, StandardCharsets.UTF_8);
	}

	static String stem(String name) {
		int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(0, dot) : name;
	}

	/** RFC 4180 quoting when needed. */
	static String csvField(String s) {
		if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) return s;
		return '"' + s.replace("\"", "\"\"") + '"';
	}
}
