package org.ride.script;

import org.scijava.plugin.Plugin;
import org.scijava.script.AdaptedScriptLanguage;
import org.scijava.script.ScriptLanguage;

/**
 * JavaScript for SciJava's {@code ScriptService} in tests: Rhino's JSR-223 engine (Maven Central,
 * {@code org.mozilla:rhino-engine}, test scope) as a SciJava script language. NB: scijava-common 2.99 ships no
 * language and no longer adopts JSR-223 engines by itself; in Fiji the {@code scripting-*} plugins play this
 * role (not on Maven Central), so this stand-in exists only on the test class path.
 */
@Plugin(type = ScriptLanguage.class, name = "JavaScript (Rhino)")
public class RhinoJavaScript extends AdaptedScriptLanguage {

	public RhinoJavaScript() {
		super("rhino");
	}
}
