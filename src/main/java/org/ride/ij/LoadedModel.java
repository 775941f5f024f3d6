package org.ride.ij;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.ride.io.ModelFileException;
import org.ride.io.RideModelFile;
import org.ride.io.SavedModel;

/**
 * A trained RIDE model read from its zip ({@link RideModelFile#readTrained}) with the short name used in
 * output titles and tables (the file name without {@code .zip}).
 *
 * @param saved the model, its data range and training history
 * @param name  e.g. "grass" for {@code /models/grass.zip}
 * @param path  the file it was read from
 */
public record LoadedModel(SavedModel saved, String name, Path path) {

	/**
	 * Reads a trained model (gray, luminance or joint colour channels; {@link ModelInputs} decides which images
	 * fit it).
	 *
	 * @throws IllegalArgumentException with the reader's message (which names the file, the problem and the fix)
	 *                                  when the file is missing, unreadable, or untrained
	 */
	public static LoadedModel load(String path) {
		if (path == null || path.isBlank())
			throw new IllegalArgumentException("no model file given; pass model_file=[/path/to/model.zip] "
					+ "(train one with RIDE Train Model)");
		Path p = Path.of(path);
		if (Files.isDirectory(p)) throw new IllegalArgumentException("the model file " + p.toAbsolutePath() + " is a "
				+ "folder, not a model file; pass the .zip itself, e.g. model_file=[" + p.resolve("model.zip") + "]");
		if (!Files.isRegularFile(p)) throw new IllegalArgumentException("the model file " + p.toAbsolutePath()
				+ " does not exist; check model_file=[...] or train a model first with RIDE Train Model");
		SavedModel m;
		try {
			m = RideModelFile.readTrained(p);
		} catch (ModelFileException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		} catch (IOException e) {
			throw new IllegalArgumentException("could not read the model file " + p + ": " + e.getMessage(), e);
		}
		return new LoadedModel(m, nameOf(p), p);
	}

	/** The file name without a trailing {@code .zip}. */
	public static String nameOf(Path p) {
		String n = p.getFileName().toString();
		return n.toLowerCase(java.util.Locale.ROOT).endsWith(".zip") ? n.substring(0, n.length() - 4) : n;
	}
}
