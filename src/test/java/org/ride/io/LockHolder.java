package org.ride.io;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A child JVM that holds an exclusive lock on a file (as a living writer does) until it is killed. */
public final class LockHolder {

	private LockHolder() {}

	public static void main(String[] args) throws Exception {
		try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE, StandardOpenOption.CREATE);
			var lock = ch.lock()) {
			System.out.println("locked");
			System.out.flush();
			Thread.sleep(Long.MAX_VALUE);
		}
	}
}
