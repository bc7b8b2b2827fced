package dev.visor.cli;

import dev.visor.data.Dataset;
import dev.visor.train.DaeSettings;
import dev.visor.train.DaeTrainer;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code visor train dae}: PPGN's prior R, a denoising autoencoder on a classifier's code; resumable. */
@Command(name = "dae", mixinStandardHelpOptions = true,
        description = "Train a denoising autoencoder on a classifier's code h (the PPGN prior); rerun to resume.")
final class TrainDaeCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    TrainingRunOptions run;

    @Option(names = "--classifier", defaultValue = "builtin:fashion-cnn", paramLabel = "MODEL",
            description = "the model whose code is modelled (default ${DEFAULT-VALUE})")
    String classifier;

    @Option(names = "--code-layer", defaultValue = "relu_fc1", paramLabel = "LAYER",
            description = "the vector layer of the code h (default ${DEFAULT-VALUE})")
    String codeLayer;

    @Option(names = "--noise", defaultValue = "" + DaeSettings.NOISE,
            description = "Gaussian noise std as a fraction of the code's std (default ${DEFAULT-VALUE})")
    float noise;

    @Option(names = "--epochs", defaultValue = "" + DaeSettings.EPOCHS, description = "epochs (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "" + DaeSettings.BATCH, description = "codes per step (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--lr", defaultValue = "" + DaeSettings.LR, description = "Adam peak learning rate, cosine to 0 (default ${DEFAULT-VALUE})")
    float lr;

    @Override
    public Integer call() {
        DaeSettings settings = new DaeSettings(classifier, codeLayer, noise, epochs, batchSize, lr, run.seed(), run.limit());
        Dataset train = run.train();
        Dataset test = run.testSplit();
        String command = run.command();
        System.out.printf("training a DAE on the %s codes of %s over %s, %d epochs, seed %d -> %s%n", codeLayer, classifier,
                train.name(), epochs, run.seed(), run.out());
        DaeTrainer.Result r;
        try (TrainCommand.ProgressListener listener = new TrainCommand.ProgressListener()) {
            r = DaeTrainer.train(settings, train, test, run.out(), command, listener);
        }
        System.out.printf(Locale.ROOT, "done: %s, test denoising MSE %.5f (clean %.5f), %.0f s of training; model in %s%n",
                r.provenance().architecture(), r.testLoss(), r.testCleanLoss(), r.provenance().trainSeconds(), r.modelDir());
        return 0;
    }
}
