// RIDE demo: train a model on a texture, score it, synthesize a new texture and inpaint a hole.
//   ./ride-macro macros/demo.ijm [output_folder[,texture_image]]
// and unchanged in Fiji (Plugins > Macros > Run..., or ImageJ-linux64 --headless -macro macros/demo.ijm 'out').
// Defaults: output_folder = ride-demo-output, texture_image = sample-images/grass.png.
// Settings are chosen to finish in about a minute on 2 CPU cores: a 128x128 crop, the "fast" preset
// (RIDE 1/16, 4 curriculum stages), a 256x256 texture, a 32x32 oval hole and 20 Metropolis-within-Gibbs
// sweeps (the paper uses 100).
// Writes into output_folder:
//   model.zip                the trained model (architecture, weights, data range, training history)
//   texture.tif              the 128x128 training crop
//   loglik.tif               32-bit log-likelihood map in bits/px (NaN on the unreachable border)
//   synthesized.tif          a 256x256 texture sampled from the model
//   inpainted.tif            a copy of the crop with an oval hole filled by the model (hole.roi)
//   results.csv              one row per scoring/inpainting command

args = split(getArgument(), ",");
out = "ride-demo-output";
if (args.length > 0) if (args[0] != "") out = args[0]; // NB: the macro language's && does not short-circuit
in = "sample-images/grass.png";
if (args.length > 1) if (args[1] != "") in = args[1];
makeDirs(out);
setBatchMode(true);
t0 = getTime();

open(in);
makeRectangle(192, 192, 128, 128);
run("Crop");
rename("texture");
run("Select None");
saveAs("Tiff", out + "/texture.tif");
rename("texture");

model = out + "/model.zip";
run("RIDE Train Model", "image=texture preset=fast seed=1 model_file=[" + model + "]");

run("RIDE Log-Likelihood Map", "image=texture model_file=[" + model + "] title=loglik");
selectImage("loglik");
saveAs("Tiff", out + "/loglik.tif");

run("RIDE Synthesize Texture", "model_file=[" + model + "] width=256 height=256 seed=1 init_image=texture title=synthesized");
selectImage("synthesized");
saveAs("Tiff", out + "/synthesized.tif");

selectImage("texture");
makeOval(48, 48, 32, 32);
saveAs("Selection", out + "/hole.roi");
run("RIDE Inpaint ROI", "image=texture model_file=[" + model + "] sweeps=20 seed=1 title=inpainted");
selectImage("inpainted");
saveAs("Tiff", out + "/inpainted.tif");

saveAs("Results", out + "/results.csv");
print("RIDE demo: done in " + d2s((getTime() - t0) / 1000, 1) + " s; outputs in " + out);

// Creates a folder and its missing parents (File.makeDirectory makes only the last one).
function makeDirs(path) {
	parts = split(path, "/");
	p = "";
	if (startsWith(path, "/")) p = "/";
	for (i = 0; i < parts.length; i++) {
		p = p + parts[i] + "/";
		if (!File.exists(p)) File.makeDirectory(p);
	}
}
