// RIDE batch macro: applies a trained model to every image in a folder.
//   ./ride-macro macros/batch.ijm "model.zip,input_folder,output_folder"
// and unchanged in Fiji (Plugins > Macros > Run..., or ImageJ-linux64 --headless -macro macros/batch.ijm '...').
// Writes, into output_folder (created): <name>_loglik.tif, the 32-bit log-likelihood map (bits/px) of every
// image, and ride-loglik.csv with one row per image (mean bits/px, reachable pixels, seconds, or why the model
// refused the image). Images the model refuses (too small, other units) are listed and skipped.

args = split(getArgument(), ",");
if (args.length < 3)
	exit("usage: batch.ijm \"model.zip,input_folder,output_folder\"");
setBatchMode(true);
run("RIDE Apply Model to Folder", "model_file=[" + args[0] + "] input_folder=[" + args[1]
	+ "] output_folder=[" + args[2] + "]");
print("RIDE batch: wrote maps and ride-loglik.csv to " + args[2]);
