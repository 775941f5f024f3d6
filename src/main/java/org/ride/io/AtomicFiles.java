package org.ride.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that readers see either the complete old file or the complete new one: the bytes go
 * to a temporary file in the same folder, which then replaces the target by an atomic rename. A
 * failure or cancel while writing leaves the previous file untouched.
 */
public final class AtomicFiles {

	@FunctionalInterface
	public interface Writer {
		void writeTo(OutputStream out) throws IOException;
	}

	private AtomicFiles() {}

	/**
	 * Gives the new file the old file's permissions, or rw-r--r-- for a new file: a temporary file is created
	 * private (rw-------), which would otherwise stick to the model after the rename.
	 */
	private static void keepPermissions(Path tmp, Path target) throws IOException {
		if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) return;
		Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(target)
			: java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
	}

	public static void write(Path target, Writer writer) throws IOException {
		Path dir = target.toAbsolutePath().getParent();
		if (dir == null || !Files.isDirectory(dir))
			throw new IOException("cannot write " + target + ": the folder " + dir + " does not exist; create it first");
		Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
		try {
			try (OutputStream out = Files.newOutputStream(tmp)) {
				writer.writeTo(out);
			}
			keepPermissions(tmp, target);
			try {
				Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
		} finally {
			Files.deleteIfExists(tmp);
		}
	}
}
