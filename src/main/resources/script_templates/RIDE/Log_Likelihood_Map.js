// RIDE Log-Likelihood Map from a script: one command through SciJava's CommandService, inputs by name.
//   ImageJ-linux64 --headless --console --run Log_Likelihood_Map.js 'image_file="/data/a.tif",model_file="/data/m.zip",map_file="/data/a-loglik.tif"'
#@ File (label = "image") image_file
#@ File (label = "trained RIDE model (.zip)") model_file
#@ File (label = "map to write (.tif)", style = "save") map_file
#@ CommandService command
#@output Double mean_bits_per_px

var mean = (function () { // a function keeps Java classes as JavaScript locals (see Train_and_Use_a_Model.js)
	var imp = Packages.ij.IJ.openImage(image_file.getPath());
	if (imp == null) throw "RIDE: cannot open " + image_file + " as an image";
	var inputs = new java.util.HashMap();
	inputs.put("image", imp);
	inputs.put("model_file", model_file);
	var map = command.run(Packages.org.ride.command.LogLikelihoodMapCommand, false, inputs).get();
	if (!Packages.ij.IJ.saveAsTiff(map.getOutput("map"), map_file.getPath())) throw "RIDE: could not write " + map_file;
	return map.getOutput("mean_bits_per_px");
})();
mean_bits_per_px = Number(mean);
