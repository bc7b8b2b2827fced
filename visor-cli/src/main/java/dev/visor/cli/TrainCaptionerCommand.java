package dev.visor.cli;

import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Split;
import dev.visor.train.CaptionerSettings;
import dev.visor.train.CaptionerTrainer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code visor train captioner}: a small captioner on template captions (class + brightness + size); resumable. */
@Command(name = "captioner", mixinStandardHelpOptions = true,
        description = "Train a small image captioner on template captions (\"a dark small coat\") computed from each image;"
                + " rerun to resume.")
final class TrainCaptionerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "fashion-mnist", paramLabel = "DATA",
            description = "labelled 28x28 grey training images (default ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--epochs", defaultValue = "" + CaptionerSettings.EPOCHS, description = "epochs (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "" + CaptionerSettings.BATCH, description = "images per step (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--lr", defaultValue = "" + CaptionerSettings.LR,
            description = "Adam peak learning rate, cosine to 0 (default ${DEFAULT-VALUE})")
    float lr;

    @Option(names = "--hidden", defaultValue = "" + CaptionerSettings.HIDDEN, description = "feature and decoder width (default ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--seed", defaultValue = "1", description = "seed of weights, shuffling and templates (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--limit", defaultValue = "0", description = "train on the first N images only (0: all)")
    int limit;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (Visor model + checkpoint)")
    Path out;

    @picocli.CommandLine.Mixin
    DownloadOptionsMixin downloadOptions;

    @Override
    public Integer call() {
        downloadOptions.apply();
        CaptionerSettings settings = new CaptionerSettings(epochs, batchSize, lr, hidden, seed, limit);
        Dataset train = Datasets.open(data, Split.TRAIN);
        Dataset test = data.strip().toLowerCase(Locale.ROOT).startsWith("fashion-mnist") ? Datasets.open("fashion-mnist:test", Split.TEST) : null;
        String command = "visor " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        System.out.printf("training a captioner on %s, %d epochs, seed %d -> %s%n", train.name(), epochs, seed, out);
        CaptionerTrainer.Result r;
        try (TrainCommand.ProgressListener listener = new TrainCommand.ProgressListener()) {
            r = CaptionerTrainer.train(settings, train, test, out, command, listener);
        }
        System.out.printf(Locale.ROOT, "done: best-ranked caption right on %.1f%% (class), %.1f%% (brightness), %.1f%% (size) of 1000"
                        + " test images, %.0f s of training; model in %s%n", 100 * r.provenance().testAccuracy(),
                100 * r.brightnessAccuracy(), 100 * r.sizeAccuracy(), r.provenance().trainSeconds(), r.modelDir());
        return 0;
    }
}
