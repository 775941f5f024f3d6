package org.ride.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ride.core.nd.NdInit;

class NpyTest {

	static {
		NdInit.ensure();
	}

	@Test
	void headerIsWhatNumpyWritesAndBodyIsLittleEndianCOrder() {
		INDArray a = Nd4j.create(new double[][] { { 1, 2, 3 }, { 4, 5, 6 } }).castTo(DataType.FLOAT);
		byte[] b = Npy.write(a.transpose().transpose()); // any view
		String header = new String(b, 10, (b[8] & 0xff) | (b[9] & 0xff) << 8, StandardCharsets.ISO_8859_1);
		assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header.trim());
		assertEquals(0, b.length % 16 == 0 ? 0 : (10 + header.length()) % 64);
		// float 2.0f little-endian = 00 00 00 40, second value in C order
		int body = 10 + header.length();
		assertArrayEquals(new byte[] { 0, 0, 0, 0x40 }, Arrays.copyOfRange(b, body + 4, body + 8));
	}

	@Test
	void roundTripIsExactForFloatAndDoubleAndVectors() throws IOException {
		INDArray d = Nd4j.rand(DataType.DOUBLE, 3, 4, 2).subi(0.5).muli(1e-3);
		assertEquals(d, Npy.read(Npy.write(d), "d"));
		INDArray f = Nd4j.rand(DataType.FLOAT, 5, 7).transpose(); // 'f' view
		INDArray back = Npy.read(Npy.write(f), "f");
		assertArrayEquals(f.shape(), back.shape());
		assertEquals(f, back);
		INDArray v = Nd4j.create(new double[] { 1, -2, 3.5 });
		assertTrue(new String(Npy.write(v), StandardCharsets.ISO_8859_1).contains("'shape': (3,)"));
		assertEquals(v, Npy.read(Npy.write(v), "v"));
	}

	@Test
	void truncatedOrForeignBytesAreRefusedWithTheirName() {
		byte[] ok = Npy.write(Nd4j.ones(DataType.DOUBLE, 4));
		IOException e = assertThrows(IOException.class, () -> Npy.read(Arrays.copyOf(ok, ok.length - 3), "priors.npy"));
		assertTrue(e.getMessage().startsWith("priors.npy is truncated"), e.getMessage());
		e = assertThrows(IOException.class, () -> Npy.read("hello world".getBytes(), "x.npy"));
		assertTrue(e.getMessage().contains("not a NumPy"), e.getMessage());
	}
}
