package org.ride.ij;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.ride.core.model.RideConfig;
import org.ride.core.slstm.Nonlinearity;
import org.ride.core.train.TrainConfig;

/**
 * Every setting of a RIDE training run ({@link RideConfig} architecture + {@link TrainConfig} schedule) as
 * macro options, with defaults taken from a preset (times measured on 2 cores, README "Choosing a preset"):
 * <ul>
 * <li>{@code fast} (≈ 1 min): RIDE 1/16, 8 components, 4 stages 8→22, ADAM, 1,000 random patches per epoch,
 * {@code minutes=1} ({@link RideConfig#fast()}, {@link TrainConfig#fast});</li>
 * <li>{@code standard} (≈ 10 min): RIDE 1/64, the 8 stages 8→22, ADAM, 2,000 random patches per epoch,
 * {@code minutes=10} ({@link TrainConfig#standard});</li>
 * <li>{@code paper 1/64}: the paper's RIDE 1/64 and train.py's 8 stages, SGD, every grid patch once, no
 * time limit ({@link RideConfig#paper}, {@link TrainConfig#paper}); hours on a large image;</li>
 * <li>{@code paper 2/64}: the same curriculum with two layers from the start ({@code add_layers=1}, spec
 * §7.5 item 7) and ADAM at 1e-3 → 1e-4, since SGD at lr 1.0 destabilises two layers (BENCHMARKS.md);</li>
 * <li>{@code tiny}: RIDE 1/6 for tests and smoke runs: 2 stages (patch 8, 10), SGD, batches of 8, ≤ 16
 * patches, 5 L-BFGS iterations, no validation.</li>
 * </ul>
 * The fast and standard presets hold out 10 % of the image's tiles and keep the stage that scores best
 * on them. Any option given explicitly overrides the preset's value, e.g.
 * {@code preset=standard minutes=3 num_layers=2} or {@code preset=[paper 1/64] patch_sizes=[8,12,16] epochs=2}.
 */
public final class TrainSettings {

	/** The preset names, as choices. */
	public static final String[] PRESETS = { "fast", "standard", "paper 1/64", "paper 2/64", "tiny" };

	/** The decaying ADAM rates that keep RIDE 2/64 stable on the paper's eight stages. */
	private static final double[] ADAM_RATES = { 1e-3, 7e-4, 5e-4, 3e-4, 2e-4, 1.5e-4, 1.2e-4, 1e-4 };

	private TrainSettings() {}

	/** The architecture and schedule of a preset. */
	public record Preset(RideConfig model, TrainConfig train) {}

	/** The preset named {@code name} (case-insensitive) with {@code seed}. */
	public static Preset preset(String name, long seed) {
		return switch (name.toLowerCase(Locale.ROOT)) {
		case "fast" -> new Preset(RideConfig.fast(), TrainConfig.fast(seed));
		case "standard" -> new Preset(RideConfig.paper(1), TrainConfig.standard(seed));
		case "paper 1/64" -> new Preset(RideConfig.paper(1), TrainConfig.paper(seed));
		case "paper 2/64" -> {
			TrainConfig p = TrainConfig.paper(seed);
			yield new Preset(RideConfig.paper(1), p.withAddLayers(1).withMethod(TrainConfig.Method.ADAM, p.momentum(),
					0.9, 0.999).withStages(p.patchSizes(), ADAM_RATES));
		}
		case "tiny" -> new Preset(RideConfig.tiny(), TrainConfig.paper(seed).withStages(new int[] { 8, 10 },
				new double[] { 0.5, 0.1 }).withBatchSize(8).withData(1, 16, 1).withFinetune(true, 5, 2000, 200)
				.withWhiteningSamples(5000));
		default -> throw new IllegalArgumentException("preset '" + name + "' is unknown; use one of "
				+ String.join(", ", PRESETS));
		};
	}

	/** Declares every setting on {@code o} with the preset's values as defaults. */
	public static Options declare(Options o, Preset p) {
		RideConfig m = p.model();
		TrainConfig t = p.train();
		return o.integer("nb_size", m.nbSize(), 3, 15, "causal neighbourhood size (odd)")
				.integer("num_hiddens", m.numHiddens(), 1, 1024, "LSTM units per layer")
				.integer("num_layers", m.numLayers(), 0, 8, "spatial LSTM layers at the start (0 = the MCGSM baseline)")
				.integer("num_components", m.numComponents(), 1, 256, "MCGSM components")
				.integer("num_scales", m.numScales(), 1, 32, "MCGSM scales per component")
				.integer("num_features", m.numFeatures(), 1, 1024, "MCGSM features")
				.flag("extended", "extended LSTM (cell states as inputs; spec §5.3)")
				.string("patch_sizes", ints(t.patchSizes()), "patch side per curriculum stage, e.g. 8,12,16")
				.string("learning_rates", doubles(t.learningRates()), "learning rate per stage (cycled)")
				.string("add_layers", ints(t.addLayers()), "LSTM layers added at the start of each stage, e.g. 1")
				.choice("method", t.method().name().toLowerCase(Locale.ROOT), "optimiser", "sgd", "adam")
				.number("momentum", t.momentum(), 0, 0.9999, "SGD momentum")
				.number("beta1", t.beta1(), 0, 0.9999, "ADAM decay 1")
				.number("beta2", t.beta2(), 0, 0.9999999, "ADAM decay 2")
				.integer("batch_size", t.batchSize(), 1, 100000, "patches per minibatch")
				.integer("epochs", t.epochsPerStage(), 1, 10000, "passes over the patches per stage")
				.integer("augment", t.augment(), 0, 2, "0 none, 1 + left-right mirrors, 2 + up-down mirrors")
				.integer("max_patches", t.maxPatchesPerStage(), 0, Integer.MAX_VALUE,
						"patches per stage, or per epoch with random offsets (0 = all grid patches)")
				.choice("patch_offsets", t.randomPatches() ? "random" : "grid", "random overlapping offsets, fresh "
						+ "every epoch, or the non-overlapping grid", "random", "grid")
				.number("minutes", t.minutes(), 0, 100000, "time budget of the run; stages run as many epochs as "
						+ "their share allows (0 = no limit, epochs as given)")
				.integer("finetune_iter", t.finetune() ? t.finetuneMaxIter() : 0, 0, 100000,
						"L-BFGS iterations of the MCGSM refit after each stage (0 = off)")
				.integer("finetune_samples", t.finetuneSamples(), 1, Integer.MAX_VALUE, "pixels for the refit")
				.integer("finetune_validation", t.finetuneValidation(), 0, Integer.MAX_VALUE,
						"pixels held out to stop the refit early")
				.number("validation_fraction", t.validationFraction(), 0, 0.99,
						"fraction of the image's tiles held out; the best-scoring stage is kept")
				.integer("whitening_samples", t.whiteningSamples(), 100, Integer.MAX_VALUE, "pixels for the whitening fit");
	}

	/** The configs from the values read into {@code o} (declared by {@link #declare}). */
	public static Preset read(Options o, long seed) {
		RideConfig m = new RideConfig(1, o.getInt("nb_size"), o.getInt("num_hiddens"), o.getInt("num_layers"),
				o.getInt("num_components"), o.getInt("num_scales"), o.getInt("num_features"), o.getFlag("extended"),
				Nonlinearity.TANH);
		int[] sizes = parseInts("patch_sizes", o.getString("patch_sizes"));
		int ft = o.getInt("finetune_iter");
		TrainConfig.Method method = TrainConfig.Method.valueOf(o.getChoice("method").toUpperCase(Locale.ROOT));
		TrainConfig t = new TrainConfig(sizes, parseDoubles("learning_rates", o.getString("learning_rates")),
				o.getNumber("momentum"), o.getInt("batch_size"), o.getInt("epochs"), method, o.getInt("augment"),
				o.getInt("max_patches"), ft > 0, ft, o.getInt("finetune_samples"), o.getInt("finetune_validation"),
				o.getNumber("validation_fraction"), o.getInt("whitening_samples"), seed, o.getNumber("beta1"),
				o.getNumber("beta2"), parseInts("add_layers", o.getString("add_layers")), o.getNumber("minutes"),
				o.getChoice("patch_offsets").equals("random"));
		return new Preset(m, t);
	}

	static String ints(int[] v) {
		return String.join(",", Arrays.stream(v).mapToObj(Integer::toString).toList());
	}

	static String doubles(double[] v) {
		return String.join(",", Arrays.stream(v).mapToObj(Options::fmt).toList());
	}

	static int[] parseInts(String key, String text) {
		List<String> parts = split(text);
		int[] out = new int[parts.size()];
		for (int i = 0; i < out.length; i++) {
			try {
				out[i] = Integer.parseInt(parts.get(i));
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException("option " + key + "=[" + text + "]: '" + parts.get(i)
						+ "' is not an integer; write a comma-separated list, e.g. " + key + "=[8,12,16]");
			}
		}
		return out;
	}

	static double[] parseDoubles(String key, String text) {
		List<String> parts = split(text);
		double[] out = new double[parts.size()];
		for (int i = 0; i < out.length; i++) {
			try {
				out[i] = Double.parseDouble(parts.get(i));
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException("option " + key + "=[" + text + "]: '" + parts.get(i)
						+ "' is not a number; write a comma-separated list, e.g. " + key + "=[1,0.1,0.01]");
			}
		}
		return out;
	}

	private static List<String> split(String text) {
		return Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
	}
}
