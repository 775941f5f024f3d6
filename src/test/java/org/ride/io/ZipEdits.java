package org.ride.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/** Hand-edited copies of model files for the tests of bad files: what a user's editor or a broken tool makes. */
final class ZipEdits {

	static final ObjectMapper JSON = new ObjectMapper();

	private ZipEdits() {}

	/** A copy of {@code f} at {@code g} with {@code model.json} edited and every other entry as it was. */
	static Path editJson(Path f, Path g, Consumer<ObjectNode> edit) throws IOException {
		Map<String, byte[]> e = entries(f);
		ObjectNode j = (ObjectNode) JSON.readTree(e.get("model.json"));
		edit.accept(j);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		JSON.writeValue(out, j);
		e.put("model.json", out.toByteArray());
		return write(g, e);
	}

	/** A zip at {@code g} holding {@code entries} in their order, as they are (no manifest update). */
	static Path write(Path g, Map<String, byte[]> entries) throws IOException {
		try (OutputStream o = Files.newOutputStream(g); ZipOutputStream z = new ZipOutputStream(o)) {
			for (Map.Entry<String, byte[]> x : entries.entrySet()) {
				z.putNextEntry(new ZipEntry(x.getKey()));
				z.write(x.getValue());
				z.closeEntry();
			}
		}
		return g;
	}

	/** Every entry of the zip {@code f}, in file order. */
	static Map<String, byte[]> entries(Path f) throws IOException {
		Map<String, byte[]> m = new LinkedHashMap<>();
		try (ZipFile z = new ZipFile(f.toFile())) {
			for (ZipEntry e : z.stream().toList()) m.put(e.getName(), z.getInputStream(e).readAllBytes());
		}
		return m;
	}
}
