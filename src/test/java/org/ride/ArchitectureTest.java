package org.ride;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The package layering of docs/architecture.md, checked on the import lines of src/main/java: each
 * package may import only the RIDE packages listed for it, and the engine never imports UI or platform
 * packages. A violation names the file and the import.
 */
class ArchitectureTest {

	private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
		Map.entry("core.nd", Set.of()),
		Map.entry("core.progress", Set.of()),
		Map.entry("core.data", Set.of()),
		Map.entry("core.neighbourhood", Set.of("core.nd")),
		Map.entry("core.whitening", Set.of("core.nd")),
		Map.entry("core.slstm", Set.of("core.nd")),
		Map.entry("core.mcgsm", Set.of("core.nd")),
		Map.entry("core.optim", Set.of("core.nd", "core.progress")),
		Map.entry("core.model", Set.of("core.nd", "core.progress", "core.neighbourhood", "core.whitening", "core.slstm",
			"core.mcgsm")),
		Map.entry("core.train", Set.of("core.nd", "core.progress", "core.neighbourhood", "core.whitening", "core.slstm",
			"core.mcgsm", "core.model", "core.optim")),
		Map.entry("core.sample", Set.of("core.nd", "core.progress", "core.neighbourhood", "core.whitening", "core.slstm",
			"core.mcgsm", "core.model")),
		Map.entry("core.inpaint", Set.of("core.nd", "core.progress", "core.neighbourhood", "core.whitening", "core.slstm",
			"core.mcgsm", "core.model", "core.sample")));

	private static final Pattern IMPORT = Pattern.compile("^import (static )?([a-zA-Z0-9_.]+)\\.[A-Za-z0-9_*]+;", Pattern.MULTILINE);
	private static final List<String> PLATFORM = List.of("ij.", "org.scijava.", "java.awt.", "javax.swing.");

	@Test
	void packagesImportOnlyTheLayersBelowThem() throws IOException {
		Path root = Path.of("src/main/java/org/ride");
		List<String> violations = new ArrayList<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
				String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
				Matcher m = IMPORT.matcher(Files.readString(f));
				while (m.find()) {
					String imp = m.group(2) + ".";
					if (pkg.startsWith("core")) {
						for (String p : PLATFORM)
							if (imp.startsWith(p)) violations.add(f + " imports " + imp + " (the engine must stay UI-free)");
						if (imp.startsWith("org.ride.") && !imp.startsWith("org.ride.core.")) violations.add(f + " imports " + imp);
					}
					if (imp.startsWith("org.ride.core.") && ALLOWED.containsKey(pkg)) {
						String target = imp.substring("org.ride.".length(), imp.length() - 1);
						target = target.split("\\.").length > 2 ? target.substring(0, target.lastIndexOf('.')) : target;
						if (!target.equals(pkg) && !ALLOWED.get(pkg).contains(target))
							violations.add(f + " imports " + imp + " but " + pkg + " may import only " + ALLOWED.get(pkg));
					}
					if (pkg.equals("io") && (imp.startsWith("org.ride.ij.") || imp.startsWith("org.ride.command.")))
						violations.add(f + " imports " + imp + " (io is below the front ends)");
					if (pkg.equals("ij") && (imp.startsWith("org.ride.command.") || imp.startsWith("org.ride.cli.")))
						violations.add(f + " imports " + imp + " (ij never imports command or cli)");
				}
			}
		}
		assertTrue(violations.isEmpty(), String.join("\n", violations));
	}
}
