// RIDE from a script: train a model on an image, then map, synthesize, inpaint and evaluate with it, through
// SciJava's CommandService (the org.ride.command twins of the Plugins > RIDE menu commands).
// The #@ lines are SciJava script parameters: Fiji asks for them in a dialog, and headless Fiji takes them
// from the command line:
//   ImageJ-linux64 --headless --console --run Train_and_Use_a_Model.js \
//     'image_file="/data/grass.png",model_file="/data/grass.zip",output_folder="/data/out",preset="fast",seed=1,settings=""'
// Java/pyimagej callers: scriptService.run(file, true, "image_file", f, ...).get().getOutput("bits_per_px").
// Written for JavaScript with Java access through Packages.* (Rhino, also Nashorn), no engine-only syntax.
#@ File (label = "training image") image_file
#@ File (label = "model file to write (.zip)", style = "save") model_file
#@ File (label = "output folder", style = "directory") output_folder
#@ String (label = "preset", choices = {"fast", "paper 1/64", "paper 2/64", "tiny"}, value = "fast") preset
#@ Integer (label = "seed", value = 1) seed
#@ String (label = "extra settings (macro syntax, e.g. epochs=2)", value = "", required = false) settings
#@ CommandService command
#@output Double bits_per_px
#@output Double region_bits_per_px
#@output Double evaluation_bits_per_px

// NB: the body is a function so that Java classes stay JavaScript locals; top-level variables live in the
// script engine's bindings, where Rhino turns a Java class into a plain java.lang.Class object. The outputs
// are returned and assigned at the top level, where SciJava reads them.
var results = (function () {
	var IJ = Packages.ij.IJ;
	var RIDE = Packages.org.ride.command;

	// Runs a RIDE command with the inputs of a JavaScript object; fails with the command's own message.
	function ride(cls, inputs) {
		var map = new java.util.HashMap();
		for (var key in inputs) map.put(key, inputs[key]);
		var module = command.run(cls, false, map).get();
		if (module.isCanceled()) throw "RIDE: " + module.getCancelReason();
		return module;
	}

	function save(imp, name) {
		var path = new java.io.File(output_folder, name).getPath();
		if (!IJ.saveAsTiff(imp, path)) throw "RIDE: could not write " + path;
	}

	var imp = IJ.openImage(image_file.getPath());
	if (imp == null) throw "RIDE: cannot open " + image_file + " as an image";
	output_folder.mkdirs();

	var trained = ride(RIDE.TrainModelCommand, { image: imp, model_file: model_file, preset: preset, seed: seed,
		settings: settings == null ? "" : settings });
	print("RIDE: trained " + trained.getOutput("stages_done") + " stages, loss " + trained.getOutput("loss_bits_per_px")
		+ " bits/px -> " + model_file);

	var map = ride(RIDE.LogLikelihoodMapCommand, { image: imp, model_file: model_file, seed: 0 });
	var bits = map.getOutput("mean_bits_per_px");
	save(map.getOutput("map"), "loglik.tif");

	var texture = ride(RIDE.SynthesizeTextureCommand, { model_file: model_file, width: imp.getWidth(),
		height: imp.getHeight(), seed: seed, init_image: imp });
	save(texture.getOutput("texture"), "synthesized.tif");

	var side = Math.max(4, Math.floor(Math.min(imp.getWidth(), imp.getHeight()) / 4));
	var hole = new Packages.ij.gui.OvalRoi(Math.floor((imp.getWidth() - side) / 2), Math.floor((imp.getHeight() - side) / 2), side, side);
	var filled = ride(RIDE.InpaintRoiCommand, { image: imp, model_file: model_file, roi: hole, sweeps: 20, seed: seed });
	var region = filled.getOutput("region_bits_per_px");
	save(filled.getOutput("inpainted"), "inpainted.tif");

	var crop = Math.min(64, imp.getWidth(), imp.getHeight());
	var evaluation = ride(RIDE.EvaluateModelCommand, { image: imp, model_file: model_file, crop_size: crop, seed: 0 });
	print("RIDE: " + bits + " bits/px on the training image; outputs in " + output_folder);
	return { bits: bits, region: region, evaluation: evaluation.getOutput("mean_bits_per_px") };
})();
bits_per_px = Number(results.bits); // JavaScript numbers: Rhino hands wrapped Java objects back unconverted
region_bits_per_px = Number(results.region);
evaluation_bits_per_px = Number(results.evaluation);
