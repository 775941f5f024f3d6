// RIDE Evaluate Model from a macro: mean bits/px of a model on an image's 64x64 crops (spec 8.2), plain and
// with the 8-symmetry ensemble; the two Results rows are saved as CSV.
//   ./ride-macro macros/evaluate.ijm "image,model.zip,results.csv[,crop_size]"
args = split(getArgument(), ",");
if (args.length < 3) exit("usage: evaluate.ijm \"image,model.zip,results.csv[,crop_size]\"");
crop = "64";
if (args.length > 3) crop = args[3];
setBatchMode(true);
open(args[0]);
in = getImageID();
t = getTitle();
run("Clear Results"); // results.csv holds just these two rows
run("RIDE Evaluate Model", "image=[" + t + "] model_file=[" + args[1] + "] crop_size=" + crop);
run("RIDE Evaluate Model", "image=[" + t + "] model_file=[" + args[1] + "] crop_size=" + crop + " ensemble");
saveAs("Results", args[2]);
print("RIDE evaluate: " + getResult("mean_bits_per_px", nResults - 2) + " bits/px, ensemble "
	+ getResult("mean_bits_per_px", nResults - 1) + " -> " + args[2]);
selectImage(in);
close(); // the input, so that a later image of the same title is not confused with it
