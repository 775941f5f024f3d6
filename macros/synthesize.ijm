// RIDE Synthesize Texture from a macro: samples a new texture from a model, saved as TIFF.
//   ./ride-macro macros/synthesize.ijm "model.zip,texture.tif[,width,height[,seed]]"
args = split(getArgument(), ",");
if (args.length < 2) exit("usage: synthesize.ijm \"model.zip,texture.tif[,width,height[,seed]]\"");
w = "256"; h = "256"; seed = "1";
if (args.length > 3) { w = args[2]; h = args[3]; }
if (args.length > 4) seed = args[4];
setBatchMode(true);
run("RIDE Synthesize Texture", "model_file=[" + args[0] + "] width=" + w + " height=" + h + " seed=" + seed + " title=texture");
selectImage("texture");
saveAs("Tiff", args[1]);
print("RIDE synthesize: " + w + "x" + h + " -> " + args[1]);
close();
