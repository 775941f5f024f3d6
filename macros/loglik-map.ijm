// RIDE Log-Likelihood Map from a macro: the 32-bit bits/px map of an image under a model, saved as TIFF;
// the mean goes to the Results table (and is printed).
//   ./ride-macro macros/loglik-map.ijm "image,model.zip,map.tif"
args = split(getArgument(), ",");
if (args.length < 3) exit("usage: loglik-map.ijm \"image,model.zip,map.tif\"");
setBatchMode(true);
open(args[0]);
in = getImageID();
run("RIDE Log-Likelihood Map", "image=[" + getTitle() + "] model_file=[" + args[1] + "] seed=0 title=map");
selectImage("map");
saveAs("Tiff", args[2]);
print("RIDE map: " + getResult("mean_bits_per_px", nResults - 1) + " bits/px -> " + args[2]);
close(); // the saved output
selectImage(in);
close(); // the input, so that a later image of the same title is not confused with it
