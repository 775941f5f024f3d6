package org.ride.core.mcgsm;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Zero-copy plain-Java access to the off-heap memory of a FLOAT or DOUBLE ND4J array that owns its buffer
 * (not a view, offset 0), so per-sample work runs without one ND4J call per element or per op. Indices are
 * positions in the buffer, i.e. column-major for the 'f'-order [rows, cols] arrays of {@link Pass}.
 * Values travel as {@code double}; FLOAT is converted on the way. Not thread-safe (FLOAT uses a scratch array).
 */
final class OffHeap {

	private final FloatBuffer fb;
	private final DoubleBuffer db;
	private float[] tmp = new float[0];

	OffHeap(INDArray a) {
		// NB: asNio*() wraps the whole underlying buffer from its start; views would need their offset.
		if (a.isView() || a.offset() != 0 || a.data().length() != a.length())
			throw new IllegalStateException("OffHeap needs an array that owns its buffer, got " + a.shapeInfoToString());
		if (a.dataType() == DataType.FLOAT) {
			fb = a.data().asNioFloat();
			db = null;
		} else if (a.dataType() == DataType.DOUBLE) {
			db = a.data().asNioDouble();
			fb = null;
		} else {
			throw new IllegalStateException("OffHeap supports FLOAT and DOUBLE, got " + a.dataType());
		}
	}

	/** dst[at .. at+len) = buffer[from .. from+len). */
	void read(int from, double[] dst, int at, int len) {
		if (db != null) {
			db.get(from, dst, at, len);
			return;
		}
		if (tmp.length < len) tmp = new float[len];
		fb.get(from, tmp, 0, len);
		for (int i = 0; i < len; i++) dst[at + i] = tmp[i];
	}

	/**
	 * buffer[from .. from+len) = src[at .. at+len), rounded to float for FLOAT, where values below the
	 * smallest normal float become 0.
	 * NB: such subnormals (e.g. t = ρ − Σ e^α R_in of two nearly equal tiny doubles) slowed the FLOAT GEMMs
	 * that read them 25-fold; they are below float resolution next to any normal value anyway.
	 */
	void write(int from, double[] src, int at, int len) {
		if (db != null) {
			db.put(from, src, at, len);
			return;
		}
		if (tmp.length < len) tmp = new float[len];
		for (int i = 0; i < len; i++) {
			double v = src[at + i];
			tmp[i] = Math.abs(v) < Float.MIN_NORMAL ? 0f : (float) v;
		}
		fb.put(from, tmp, 0, len);
	}
}
