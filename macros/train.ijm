// RIDE Train Model from a macro: trains a model on an image and saves it.
//   ./ride-macro macros/train.ijm "image,model.zip[,preset[,seed]]"
// e.g. ./ride-macro macros/train.ijm "sample-images/grass.png,grass.zip,fast,1"; unchanged in Fiji.
// preset: fast (default), paper 1/64, paper 2/64, tiny; any setting can be added to the run() line,
// e.g. "... epochs=2 patch_sizes=[8,12,16]" (Plugins > RIDE > RIDE Train Model lists them all).
args = split(getArgument(), ",");
if (args.length < 2) exit("usage: train.ijm \"image,model.zip[,preset[,seed]]\"");
preset = "fast";
if (args.length > 2) preset = args[2];
seed = "1";
if (args.length > 3) seed = args[3];
setBatchMode(true);
open(args[0]);
in = getImageID();
run("RIDE Train Model", "image=[" + getTitle() + "] preset=[" + preset + "] seed=" + seed + " model_file=[" + args[1] + "]");
print("RIDE train: saved " + args[1]);
selectImage(in);
close(); // the input, so that a later image of the same title is not confused with it
