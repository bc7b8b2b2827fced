package dev.visor.cli;

import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Split;
import dev.visor.train.DaeSettings;
import dev.visor.train.DaeTrainer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code visor train dae}: PPGN's prior R, a denoising autoencoder on a classifier's code; resumable. */
@Command(name = "dae", mixinStandardHelpOptions = true,
        description = "Train a denoising autoencoder on a classifier's code h (the PPGN prior); rerun to resume.")
final class TrainDaeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--classifier", defaultValue = "builtin:fashion-cnn", paramLabel = "MODEL",
            description = "the model whose code is modelled (default ${DEFAULT-VALUE})")
    String classifier;

    @Option(names = "--code-layer", defaultValue = "relu_fc1", paramLabel = "LAYER",
            description = "the vector layer of the code h (default ${DEFAULT-VALUE})")
    String codeLayer;

    @Option(names = "--data", defaultValue = "fashion-mnist", paramLabel = "DATA",
            description = "images whose codes are the training data (default ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--noise", defaultValue = "" + DaeSettings.NOISE,
            description = "Gaussian noise std as a fraction of the code's std (default ${DEFAULT-VALUE})")
    float noise;

    @Option(names = "--epochs", defaultValue = "" + DaeSettings.EPOCHS, description = "epochs (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "" + DaeSettings.BATCH, description = "codes per step (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--lr", defaultValue = "" + DaeSettings.LR, description = "Adam peak learning rate, cosine to 0 (default ${DEFAULT-VALUE})")
    float lr;

    @Option(names = "--seed", defaultValue = "1", description = "seed of weights, shuffling and noise (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--limit", defaultValue = "0", description = "train on the codes of the first N images only (0: all)")
    int limit;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (Visor model + checkpoint)")
    Path out;

    @picocli.CommandLine.Mixin
    DownloadOptionsMixin downloadOptions;

    @Override
    public Integer call() {
        downloadOptions.apply();
        DaeSettings settings = new DaeSettings(classifier, codeLayer, noise, epochs, batchSize, lr, seed, limit);
        Dataset train = Datasets.open(data, Split.TRAIN);
        Dataset test = data.strip().toLowerCase(Locale.ROOT).startsWith("fashion-mnist") ? Datasets.open("fashion-mnist:test", Split.TEST) : null;
        String command = "visor " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        System.out.printf("training a DAE on the %s codes of %s over %s, %d epochs, seed %d -> %s%n", codeLayer, classifier,
                train.name(), epochs, seed, out);
        DaeTrainer.Result r;
        try (TrainCommand.ProgressListener listener = new TrainCommand.ProgressListener()) {
            r = DaeTrainer.train(settings, train, test, out, command, listener);
        }
        System.out.printf(Locale.ROOT, "done: %s, test denoising MSE %.5f (clean %.5f), %.0f s of training; model in %s%n",
                r.provenance().architecture(), r.testLoss(), r.testCleanLoss(), r.provenance().trainSeconds(), r.modelDir());
        return 0;
    }
}
