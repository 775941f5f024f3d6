package org.ride.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Writes a file so that readers see either the complete old file or the complete new one: the bytes go
 * to a temporary file {@code .<name><digits>.part} in the same folder, which is flushed to disk and then
 * replaces the target by an atomic rename. A failure or cancel while writing leaves the previous file
 * untouched.
 * <p>
 * A process killed mid-write (kill -9, a crash, a power cut) cannot delete its temporary file, so every write
 * first removes the stale temporary files of the same target. Stale is proven, not guessed from age: a writer
 * holds an exclusive lock on its temporary file while it writes it (the OS drops the lock when the process
 * dies), so a file of our pattern whose lock can be taken has no writer left (a writer lets go of its lock only
 * to rename the finished file, because Windows cannot rename an open file). Writers in this JVM are also
 * skipped by name, because taking a lock on a file this JVM already locks is not possible. A writer re-checks,
 * once it holds its lock, that its file was not removed in the instant between creating and locking it, and
 * starts over with a new one if it was.
 */
public final class AtomicFiles {

	@FunctionalInterface
	public interface Writer {
		void writeTo(OutputStream out) throws IOException;
	}

	private static final String SUFFIX = ".part";
	/** Temporary files this JVM is writing now. */
	private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

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
		Path dir = target.toAbsolutePath().normalize().getParent();
		if (dir == null || !Files.isDirectory(dir))
			throw new IOException("cannot write " + target + ": the folder " + dir + " does not exist; create it first");
		String prefix = prefix(target);
		removeStale(dir, prefix);
		for (int attempt = 0;; attempt++) {
			// NB: named and registered before it exists, so a cleanup in this JVM never opens it
			Path tmp = dir.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + SUFFIX);
			if (!WRITING.add(tmp)) continue;
			FileChannel ch;
			try {
				ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
			} catch (FileAlreadyExistsException e) { // another writer's name: never touch it
				WRITING.remove(tmp);
				continue;
			} catch (IOException e) {
				WRITING.remove(tmp);
				throw e;
			}
			try {
				try (ch; FileLock lock = ch.lock()) {
					// NB: nobody else creates this random name, so if it still exists it is our file
					if (!Files.exists(tmp, LinkOption.NOFOLLOW_LINKS)) { // another process's cleanup came between
						if (attempt < 3) continue;
						throw new IOException("cannot write " + target + ": its temporary files keep disappearing from " + dir);
					}
					writer.writeTo(unclosable(Channels.newOutputStream(ch)));
					ch.force(true); // the bytes are on disk before the rename makes them the model
				}
				// NB: renamed after the channel is closed: Windows refuses to rename an open file. A cleanup that takes
				// the freed lock in between makes this save fail (the old model stays); it cannot damage a model.
				keepPermissions(tmp, target);
				try {
					Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				} catch (AtomicMoveNotSupportedException e) {
					Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
				}
				return;
			} finally {
				Files.deleteIfExists(tmp);
				WRITING.remove(tmp);
			}
		}
	}

	/**
	 * ".<name>", cut so that the temporary name (prefix, up to 20 digits, ".part") stays within the 255 bytes most
	 * file systems allow for a name: a long but valid target name must not make every save fail.
	 */
	static String prefix(Path target) {
		String p = "." + target.getFileName();
		while (p.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255 - 20 - SUFFIX.length())
			p = p.substring(0, p.length() - 1);
		return p;
	}

	/**
	 * Refuses, before any work is done, a target that {@link #write} could not write: its folder is missing or is a
	 * file, the target is a folder, or the folder does not accept a new file (permissions, a read-only or full disk,
	 * a name that is too long). The message names the path, the reason and the fix.
	 */
	public static void requireWritable(Path target) throws IOException {
		Path abs = target.toAbsolutePath().normalize(), dir = abs.getParent();
		if (dir == null) throw new IOException("cannot write " + target + ": it names no file; give a path such as "
			+ "/data/models/model.zip");
		if (Files.isDirectory(abs)) throw new IOException("cannot write " + abs + ": it is a folder; give a file name "
			+ "inside it, e.g. " + abs.resolve("model.zip"));
		if (!Files.exists(dir)) {
			Path p = dir;
			while (p != null && !Files.exists(p)) p = p.getParent();
			if (p != null && !Files.isDirectory(p)) throw new IOException("cannot write " + abs + ": " + p + " is a file, "
				+ "not a folder; choose a path inside a folder");
			throw new IOException("cannot write " + abs + ": the folder " + dir + " does not exist; create it first or "
				+ "choose another folder");
		}
		if (!Files.isDirectory(dir)) throw new IOException("cannot write " + abs + ": " + dir + " is a file, not a folder; "
			+ "choose a path inside a folder");
		if (abs.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255)
			throw new IOException("cannot write " + abs + ": the file name is longer than the 255 bytes file systems allow; "
				+ "choose a shorter name");
		Path probe = dir.resolve(prefix(abs) + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + SUFFIX);
		try {
			Files.createFile(probe);
		} catch (IOException e) {
			throw new IOException("cannot write " + abs + ": the folder " + dir + " does not accept new files (" + e
				.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); choose a folder "
				+ "you can write to", e);
		} finally {
			Files.deleteIfExists(probe);
		}
	}

	/** The writer may close its stream (a zip stream does); the channel must stay open for force and the lock. */
	private static OutputStream unclosable(OutputStream out) {
		return new FilterOutputStream(out) {
			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				out.write(b, off, len);
			}

			@Override
			public void close() throws IOException {
				flush();
			}
		};
	}

	/**
	 * Deletes the temporary files {@code <prefix><digits>.part} in {@code dir} that no living process is writing.
	 * Best effort: a file that cannot be inspected or deleted is left for a later write.
	 */
	static int removeStale(Path dir, String prefix) {
		Pattern ours = Pattern.compile(Pattern.quote(prefix) + "[0-9]+" + Pattern.quote(SUFFIX));
		int removed = 0;
		try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> ours.matcher(p.getFileName().toString()).matches())) {
			for (Path p : s) {
				Path abs = p.toAbsolutePath();
				if (WRITING.contains(abs) || !Files.isRegularFile(abs, LinkOption.NOFOLLOW_LINKS)) continue;
				try (FileChannel ch = FileChannel.open(abs, StandardOpenOption.WRITE)) {
					FileLock lock = ch.tryLock();
					if (lock == null) continue; // a living process holds it
					try (lock) {
						Files.delete(abs);
						removed++;
					}
				} catch (IOException | OverlappingFileLockException e) {
					// in use or gone: leave it
				}
			}
		} catch (IOException e) {
			// the folder cannot be listed: nothing to clean
		}
		return removed;
	}
}
