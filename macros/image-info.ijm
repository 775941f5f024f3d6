// RIDE Image Info from a macro: the statistics RIDE uses for an image (range, units, normalisation),
// logged, and the normalised image saved as TIFF.
//   ./ride-macro macros/image-info.ijm "image,normalised.tif"
args = split(getArgument(), ",");
if (args.length < 2) exit("usage: image-info.ijm \"image,normalised.tif\"");
setBatchMode(true);
open(args[0]);
in = getImageID();
run("RIDE Image Info", "image=[" + getTitle() + "] method=zscore title=info verbose");
selectImage("info");
saveAs("Tiff", args[1]);
close(); // the saved output
selectImage(in);
close(); // the input, so that a later image of the same title is not confused with it
