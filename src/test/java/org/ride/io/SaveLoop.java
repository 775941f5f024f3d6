package org.ride.io;

import java.nio.file.Path;

/**
 * The child JVM of {@link KillDuringSave}: reads two model files, prints {@code ready}, then saves them over
 * {@code target} in turn, forever, until it is killed.
 * <pre>java -cp ... org.ride.io.SaveLoop target.zip a.zip b.zip</pre>
 */
public final class SaveLoop {

	private SaveLoop() {}

	public static void main(String[] args) throws Exception {
		Path target = Path.of(args[0]);
		SavedModel[] m = { RideModelFile.read(Path.of(args[1])), RideModelFile.read(Path.of(args[2])) };
		RideModelFile.write(target, m[0]); // warm: the first timed save is not the first ever
		System.out.println("ready");
		System.out.flush();
		for (long i = 1;; i++) RideModelFile.write(target, m[(int) (i & 1)]);
	}
}
