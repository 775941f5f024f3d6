package org.ride.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NumPy {@code .npy} (format 1.0) for little-endian float32/float64 arrays in C order, so a scientist
 * can {@code numpy.load} every weight of a model file. Only what model files need: no pickled objects,
 * no Fortran order on write (read accepts it).
 */
public final class Npy {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };
	private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=]?)([fi])(\\d)'");
	private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
	private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

	private Npy() {}

	/** Serialises {@code a} (FLOAT or DOUBLE; any order, written as C order). */
	public static byte[] write(INDArray a) {
		DataType t = a.dataType();
		if (t != DataType.FLOAT && t != DataType.DOUBLE)
			throw new IllegalArgumentException("only FLOAT and DOUBLE arrays can be stored, not " + t);
		long[] shape = a.shape();
		StringBuilder sh = new StringBuilder();
		for (long s : shape) sh.append(s).append(", ");
		if (shape.length > 1) sh.setLength(sh.length() - 2);
		String header = "{'descr': '<" + (t == DataType.FLOAT ? "f4" : "f8") + "', 'fortran_order': False, 'shape': ("
			+ sh.toString().trim() + "), }";
		int unpadded = MAGIC.length + 4 + header.length() + 1;
		int pad = (64 - unpadded % 64) % 64;
		header = header + " ".repeat(pad) + "\n";
		INDArray c = a.dup('c');
		int bytesPer = t == DataType.FLOAT ? 4 : 8;
		ByteBuffer body = ByteBuffer.allocate((int) (c.length() * bytesPer)).order(ByteOrder.LITTLE_ENDIAN);
		if (t == DataType.FLOAT) for (float v : c.data().asFloat()) body.putFloat(v);
		else for (double v : c.data().asDouble()) body.putDouble(v);
		ByteArrayOutputStream out = new ByteArrayOutputStream(header.length() + 10 + body.capacity());
		out.writeBytes(MAGIC);
		out.write(1);
		out.write(0);
		out.write(header.length() & 0xff);
		out.write(header.length() >> 8);
		out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
		out.writeBytes(body.array());
		return out.toByteArray();
	}

	/** The extents of a header's shape tuple, each a non-negative integer. */
	private static long[] shape(String tuple, String name) throws IOException {
		String[] parts = tuple.split(",", -1);
		long[] out = new long[parts.length];
		int k = 0;
		for (int i = 0; i < parts.length; i++) {
			String p = parts[i].trim();
			if (p.isEmpty() && i == parts.length - 1) continue; // NumPy's trailing comma: (6,)
			long x;
			try {
				x = Long.parseLong(p);
			} catch (NumberFormatException e) {
				x = -1;
			}
			if (x < 0) throw new IOException(name + " has a .npy header with the shape (" + tuple.trim() + "); every "
				+ "extent must be a non-negative integer");
			out[k++] = x;
		}
		return Arrays.copyOf(out, k);
	}

	/** Parses a {@code .npy} written by {@link #write} or by NumPy (f4/f8, either byte order and memory order). */
	public static INDArray read(byte[] bytes, String name) throws IOException {
		if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC))
			throw new IOException(name + " is not a NumPy .npy array (bad magic bytes)");
		int major = bytes[6];
		long headerLen;
		int start;
		if (major == 1) {
			headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
			start = 10;
		} else if (major == 2 || major == 3) {
			if (bytes.length < 12) throw new IOException(name + " is truncated (header)");
			headerLen = ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
			start = 12;
		} else throw new IOException(name + " has unsupported .npy version " + major);
		if (start + headerLen > bytes.length) throw new IOException(name + " is truncated (header of " + headerLen
			+ " bytes, file of " + bytes.length + ")");
		String header = new String(bytes, start, (int) headerLen, StandardCharsets.ISO_8859_1);
		Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
		if (!d.find() || !f.find() || !s.find()) throw new IOException(name + " has an unreadable .npy header: " + header.trim());
		if (!d.group(2).equals("f") || !(d.group(3).equals("4") || d.group(3).equals("8")))
			throw new IOException(name + " holds " + d.group(2) + d.group(3) + " values; only float32/float64 are supported");
		boolean f4 = d.group(3).equals("4");
		ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
		long[] shape = shape(s.group(1), name);
		int bytesPer = f4 ? 4 : 8;
		long n = 1, limit = Integer.MAX_VALUE / bytesPer;
		for (long x : shape) {
			if (x != 0 && n > limit / x) // NB: tested before multiplying, so n never overflows
				throw new IOException(name + " has a .npy header with the shape (" + s.group(1).trim() + "), more values "
					+ "than a model file can hold");
			n *= x;
		}
		if (n == 0) throw new IOException(name + " has a .npy header with the shape (" + s.group(1).trim() + "): no values");
		int body = start + (int) headerLen;
		if ((long) body + n * bytesPer != bytes.length)
			throw new IOException(name + " is truncated or padded: header says " + n + " values of " + bytesPer
				+ " bytes but the body has " + (bytes.length - body) + " bytes");
		ByteBuffer b = ByteBuffer.wrap(bytes, body, (int) (n * bytesPer)).order(order);
		char memOrder = f.group(1).equals("True") ? 'f' : 'c';
		long[] s2 = shape.length == 0 ? new long[] { 1 } : shape;
		if (f4) {
			float[] v = new float[(int) n];
			b.asFloatBuffer().get(v);
			return Nd4j.create(v, s2, memOrder).dup('c');
		}
		double[] v = new double[(int) n];
		b.asDoubleBuffer().get(v);
		return Nd4j.create(v, s2, memOrder).dup('c');
	}
}
