// RIDE Inpaint ROI from a macro: fills a centred oval hole (a quarter of the smaller side) of an image by
// sampling the model's posterior; the inpainted copy is saved as TIFF, the input is unchanged.
//   ./ride-macro macros/inpaint.ijm "image,model.zip,inpainted.tif[,sweeps]"
// Any selection works: replace makeOval by makeRectangle, makePolygon, or roi_file=[hole.roi] in run().
args = split(getArgument(), ",");
if (args.length < 3) exit("usage: inpaint.ijm \"image,model.zip,inpainted.tif[,sweeps]\"");
sweeps = "20";
if (args.length > 3) sweeps = args[3];
setBatchMode(true);
open(args[0]);
in = getImageID();
d = floor(minOf(getWidth(), getHeight()) / 4);
makeOval(floor((getWidth() - d) / 2), floor((getHeight() - d) / 2), d, d);
run("RIDE Inpaint ROI", "image=[" + getTitle() + "] model_file=[" + args[1] + "] sweeps=" + sweeps + " seed=1 title=inpainted");
selectImage("inpainted");
saveAs("Tiff", args[2]);
print("RIDE inpaint: " + getResult("region_px", nResults - 1) + " px filled -> " + args[2]);
close(); // the saved output
selectImage(in);
close(); // the input, so that a later image of the same title is not confused with it
