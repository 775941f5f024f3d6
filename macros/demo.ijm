// RIDE demo macro. Runs headless with   ./ride-macro macros/demo.ijm [output_folder[,input_folder]]
// and unchanged in Fiji (Plugins > Macros > Run...). Writes into output_folder (default: ride-demo-output):
//   <name> info.tif   the 32-bit image made by "RIDE Image Info" for each input image
//   results.csv       the statistics table
// Inputs: every image in input_folder (e.g. sample-images), or a synthetic texture when none is given.
// Later RIDE steps (Train Model, Log-Likelihood Map, Synthesize Texture, Inpaint ROI) extend this file.

args = split(getArgument(), ",");
out = "ride-demo-output";
if (args.length > 0 && args[0] != "") out = args[0];
in = "";
if (args.length > 1) in = args[1];
makeDirs(out);
setBatchMode(true);
run("About RIDE");

if (in == "") {
	newImage("texture", "32-bit black", 64, 64, 1);
	for (y = 0; y < 64; y++)
		for (x = 0; x < 64; x++)
			setPixel(x, y, sin(x / 3) * cos(y / 5) + 0.1 * ((x * 7 + y * 13) % 5));
	info(getTitle(), out);
} else {
	list = getFileList(in);
	for (i = 0; i < list.length; i++) {
		if (File.isDirectory(in + "/" + list[i]) || startsWith(list[i], ".")) continue;
		open(in + "/" + list[i]);
		info(getTitle(), out);
	}
}
saveAs("Results", out + "/results.csv");
print("RIDE demo: wrote " + nResults + " result row(s) and images to " + out);

// Runs the probe command on one image and saves its 32-bit output.
function info(title, out) {
	run("RIDE Image Info", "image=[" + title + "] method=zscore scale=1 offset=0 title=[" + title + " info]");
	selectImage(title + " info");
	saveAs("Tiff", out + "/" + title + " info.tif");
	close();
	close(title);
}

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
