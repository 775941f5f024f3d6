package org.ride.cli;

import ij.plugin.PlugIn;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link CommandTable}: plugins.config and IJ_Props.txt parsing; the project's plugins.config is valid. */
class CommandTableTest {

	@Test
	void parsesPluginsConfigLines() {
		Map<String, String> t = new HashMap<>();
		List<String> dups = CommandTable.addPluginConfig("""
				# comment
				Plugins>RIDE, "RIDE Train", org.ride.ij.RideTrain_("train")
				Plugins>RIDE, "-", null
				Plugins, "Shortcut Cmd[F5]", a.B_
				Plugins>RIDE, "RIDE Train", other.Class_
				x
				""", t);
		assertEquals(Map.of("RIDE Train", "org.ride.ij.RideTrain_(\"train\")", "Shortcut Cmd", "a.B_"), t);
		assertEquals(List.of("RIDE Train"), dups);
	}

	@Test
	void parsesBuiltInsIncludingHardCodedOnes() {
		Map<String, String> t = new HashMap<>();
		CommandTable.addBuiltIns("""
				filters02="Gaussian Blur...",ij.plugin.filter.GaussianBlur
				new01="Image...[n]",ij.plugin.Commands("new")
				animation_02="Stop Animation",ij.plugin.Animator("stop")
				popup01=Show Info...
				""", t);
		assertEquals("ij.plugin.filter.GaussianBlur", t.get("Gaussian Blur..."));
		assertEquals("ij.plugin.Commands(\"new\")", t.get("Image..."));
		assertEquals("ij.plugin.Animator(\"stop\")", t.get("Stop Animation"));
		assertEquals("ij.plugin.Converter(\"32-bit\")", t.get("32-bit"));
		assertFalse(t.containsKey("Show Info..."));
	}

	/** Every command of the shipped plugins.config names an existing PlugIn class; labels are unique. */
	@Test
	void projectPluginsConfigIsValid() throws Exception {
		String config = Files.readString(Path.of("plugins.config"), StandardCharsets.UTF_8);
		Map<String, String> t = new HashMap<>();
		assertTrue(CommandTable.addPluginConfig(config, t).isEmpty(), "duplicate labels");
		assertTrue(t.containsKey("About RIDE") && t.containsKey("RIDE Image Info"), t.toString());
		for (String cls : t.values()) {
			String name = cls.replaceAll("\\(\".*\"\\)$", "");
			assertTrue(PlugIn.class.isAssignableFrom(Class.forName(name)), name + " is not a PlugIn");
		}
	}
}
