package org.ride.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A RIDE model file ({@code .zip}, see {@code docs/model-format.md}) that cannot be used. The message is a
 * whole sentence for the user: it names the file, what is wrong and what to do. {@link #problem()} tells
 * callers (tests, the UI) the kinds apart without parsing messages.
 */
public final class ModelFileException extends IOException {

	private static final long serialVersionUID = 1L;

	/** What is wrong with the file, from the outside (not a zip) inwards (one array's shape). */
	public enum Problem {
		/** The path does not exist or is not a regular file. */
		NOT_FOUND,
		/** The bytes are not a zip archive at all (no zip signature). */
		NOT_A_ZIP,
		/** A zip whose end was cut off (no central directory) or one of whose entries is shorter than declared. */
		TRUNCATED,
		/** A zip whose structure or compressed data is damaged (bad zip CRC, bad deflate data, bad headers). */
		CORRUPT_ZIP,
		/** No {@code model.json} entry. */
		MISSING_MODEL_JSON,
		/** {@code model.json} is not valid UTF-8 JSON or its top level is not an object. */
		BAD_JSON,
		/** {@code model.json}'s {@code format} is not {@code "ride-model"}: another program's zip. */
		WRONG_FORMAT,
		/** {@code format_version} is newer than this plugin reads. */
		FORMAT_TOO_NEW,
		/** {@code format_version} is older than this plugin still reads. */
		FORMAT_TOO_OLD,
		/** A field is absent from {@code model.json} (including the manifest). */
		MISSING_FIELD,
		/** A field of {@code model.json} has the wrong JSON type or an impossible value. */
		BAD_FIELD,
		/** The manifest lists an array or extra entry that the zip lacks. */
		MISSING_ENTRY,
		/** The zip holds an array or extra entry the manifest does not list. */
		UNLISTED_ENTRY,
		/** An entry's bytes differ from the SHA-256 (or size) in the manifest: corrupted weights. */
		CHECKSUM_MISMATCH,
		/** A {@code .npy} entry passes its checksum but cannot be parsed (a writer bug or a hand-made file). */
		BAD_ARRAY,
		/** An array's shape differs from the shape in the manifest. */
		SHAPE_MISMATCH,
		/** An array's dtype differs from the dtype in the manifest. */
		DTYPE_MISMATCH,
		/** An array is intact but its shape disagrees with the model config ({@link ModelArchive#requireShape}). */
		CONFIG_MISMATCH,
		/**
		 * The loaded model does not reproduce the log-likelihood map stored with it ({@code self_test}, see
		 * {@link RideModelFile}): weights that do not belong to the config, or a broken loader.
		 */
		SELF_TEST_FAILED,
		/** The file holds an untrained model (no whitening) where a trained one is needed. */
		UNTRAINED
	}

	private final Problem problem;
	private final transient Path file;

	public ModelFileException(Problem problem, Path file, String message) {
		super(message);
		this.problem = problem;
		this.file = file;
	}

	public ModelFileException(Problem problem, Path file, String message, Throwable cause) {
		super(message, cause);
		this.problem = problem;
		this.file = file;
	}

	public Problem problem() {
		return problem;
	}

	/** The model file concerned, or {@code null} for an archive that only exists in memory. */
	public Path file() {
		return file;
	}
}
