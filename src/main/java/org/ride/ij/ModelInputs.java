package org.ride.ij;

import ij.ImagePlus;
import ij.gui.Roi;
import org.ride.io.DataInfo;
import org.ride.io.DataInfo.Colour;

/**
 * How an image becomes data for a trained model: by the colour the model was trained with (model file
 * {@code data.colour}, {@link DataInfo.Colour}).
 * <ul>
 * <li>{@code joint channels} (C channels): the image must have C channels (RGB = red, green, blue, or a
 * composite/hyperstack with C channels), read jointly;</li>
 * <li>{@code gray}: the image must be gray; an RGB or multichannel image is refused with the fix;</li>
 * <li>{@code luminance} (also every model file written before colour support): RGB is reduced to its
 * luminance and every plane of a stack is a gray image, as before.</li>
 * </ul>
 */
final class ModelInputs {

	private ModelInputs() {}

	/**
	 * {@code imp} as {@code model} reads it (restricted to {@code roi}'s bounds if an area; only the current
	 * image if {@code currentOnly}).
	 *
	 * @throws IllegalArgumentException when the image's channels do not fit the model, naming both and the fix
	 */
	static ImageData read(LoadedModel model, ImagePlus imp, Roi roi, long seed, boolean currentOnly) {
		if (imp == null) throw new IllegalArgumentException("no image is open; open an image first (File > Open)");
		int c = model.saved().model().config().numChannels();
		DataInfo info = model.saved().data();
		Colour colour = info != null ? info.colour() : c > 1 ? Colour.JOINT : Colour.LUMINANCE;
		boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
		int imageChannels = rgb ? 3 : imp.getNChannels();
		String kind = rgb ? "an RGB colour image" : imageChannels > 1 ? "a " + imageChannels + "-channel image" : "gray";
		if (colour == Colour.GRAY && imageChannels > 1)
			throw new IllegalArgumentException("the model '" + model.name() + "' was trained on gray images (1 channel) "
					+ "but '" + imp.getTitle() + "' is " + kind + "; use a model trained on colour images (RIDE Train "
					+ "Model with colour=[joint channels]), or make the image gray (" + (rgb ? "Image > Type > 8-bit"
							: "Image > Color > Split Channels, then pick one") + ")");
		if (colour != Colour.JOINT) return ImageData.of(imp, roi, seed, Colour.LUMINANCE, currentOnly);
		ImageData d = ImageData.of(imp, roi, seed, Colour.JOINT, currentOnly);
		String names = info != null ? String.join(", ", info.channels().stream().map(DataInfo.Channel::name).toList())
				: c + " channels";
		if (d.channels() != c)
			throw new IllegalArgumentException("the model '" + model.name() + "' predicts " + c + " colour channels ("
					+ names + ") jointly but '" + imp.getTitle() + "' is " + d.describe() + "; use " + (c == 3
							? "an RGB image or a 3-channel composite" : "a " + c + "-channel composite")
					+ " like the training images, or a model trained on images like '" + imp.getTitle() + "'"
					+ (d.channels() == 1 ? " (RIDE Train Model on a gray image)" : ""));
		String note = info != null && !d.channelNames().equals(info.channels().stream().map(DataInfo.Channel::name).toList())
				? "note: the model's channels are " + names + "; the channels of '" + imp.getTitle() + "' ("
						+ String.join(", ", d.channelNames()) + ") are used in that order" : "";
		return new ImageData(d.slices(), d.width(), d.height(), d.bitDepth(), LikelihoodMaps.join(d.note(), note),
				d.channels(), d.colour(), d.channelNames());
	}

	/** For the log: "bits/px of all 3 channels together (red, green, blue)", or "" for one channel. */
	static String unitsNote(ImageData d) {
		return d.channels() == 1 ? "" : "bits/px are per pixel with all " + d.channels() + " channels together ("
				+ String.join(", ", d.channelNames()) + ", predicted jointly)";
	}
}
