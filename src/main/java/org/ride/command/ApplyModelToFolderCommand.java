package org.ride.command;

import java.io.File;

import org.ride.ij.FolderRuns;
import org.ride.ij.LoadedModel;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/** SciJava twin of {@code RIDE Apply Model to Folder} ({@link FolderRuns}): maps + one CSV table. */
@Plugin(type = Command.class, label = "RIDE Apply Model to Folder (SciJava)")
public class ApplyModelToFolderCommand extends RideCommand {

	@Parameter(label = "model_file", persist = false)
	public File model_file;

	@Parameter(label = "input_folder", style = FileWidget.DIRECTORY_STYLE, persist = false)
	public File input_folder;

	@Parameter(label = "output_folder", style = FileWidget.DIRECTORY_STYLE, persist = false)
	public File output_folder;

	@Parameter(label = "seed", required = false)
	public int seed = 0;

	@Parameter(label = "table", type = ItemIO.OUTPUT)
	public File table;

	@Parameter(label = "refused", type = ItemIO.OUTPUT)
	public int refused;

	@Override
	protected void execute() throws Exception {
		LoadedModel m = LoadedModel.load(model_file == null ? null : model_file.getPath());
		FolderRuns.Output o = FolderRuns.apply(m, input_folder, output_folder, seed, this::info,
				progress("RIDE Apply Model to Folder"), token());
		table = o.csv().toFile();
		refused = o.failed();
	}
}
