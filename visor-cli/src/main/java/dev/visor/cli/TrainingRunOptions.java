package dev.visor.cli;

import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The flags every {@code visor train} command shares: the training data, the one seed, a size limit, the output
 * folder and the Fashion-MNIST download; plus the command line as the model records it for retraining.
 */
public final class TrainingRunOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--data", defaultValue = "fashion-mnist", paramLabel = "DATA",
            description = "training data: fashion-mnist, an IDX folder, an image folder (sub-folder per class) or a CSV"
                    + " (default ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "seed of every random choice: weights, shuffling, noise, augmentation (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "train on the first N images only (0: all)")
    int limit;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (Visor model + checkpoint)")
    Path out;

    @Mixin
    DownloadOptionsMixin downloadOptions;

    /** Fetches Fashion-MNIST if asked, then opens the training split of {@code --data}. */
    public Dataset train() {
        downloadOptions.apply();
        return Datasets.open(data, Split.TRAIN);
    }

    /** The test split that goes with {@code --data} (Fashion-MNIST's, or an IDX folder's {@code t10k} files), or null. */
    public Dataset testSplit() {
        String d = data.strip().toLowerCase(Locale.ROOT);
        if (d.equals("fashion-mnist") || d.startsWith("fashion-mnist:")) {
            return Datasets.open("fashion-mnist:test", Split.TEST);
        }
        Path p = Path.of(data);
        if (Files.isDirectory(p)) {
            try (var s = Files.list(p)) {
                if (s.anyMatch(f -> f.getFileName().toString().startsWith("t10k-images-idx3"))) {
                    return Datasets.open(data, Split.TEST);
                }
            } catch (java.io.IOException e) {
                return null;
            }
        }
        return null;
    }

    /** The command as typed, recorded in the model so that it can be retrained. */
    public String command() {
        return "visor " + String.join(" ", mixee.commandLine().getParseResult().originalArgs());
    }

    /** The {@code --seed} value. */
    public long seed() {
        return seed;
    }

    /** The {@code --limit} value (0: all). */
    public int limit() {
        return limit;
    }

    /** The {@code --out} folder. */
    public Path out() {
        return out;
    }
}
