package dev.visor.cli;

import dev.visor.data.Dataset;
import dev.visor.train.CaptionerSettings;
import dev.visor.train.CaptionerTrainer;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code visor train captioner}: a small captioner on template captions (class + brightness + size); resumable. */
@Command(name = "captioner", mixinStandardHelpOptions = true,
        description = "Train a small image captioner on template captions (\"a dark small coat\") computed from each image;"
                + " rerun to resume.")
final class TrainCaptionerCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    TrainingRunOptions run;

    @Option(names = "--epochs", defaultValue = "" + CaptionerSettings.EPOCHS, description = "epochs (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "" + CaptionerSettings.BATCH, description = "images per step (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--lr", defaultValue = "" + CaptionerSettings.LR,
            description = "Adam peak learning rate, cosine to 0 (default ${DEFAULT-VALUE})")
    float lr;

    @Option(names = "--hidden", defaultValue = "" + CaptionerSettings.HIDDEN, description = "feature and decoder width (default ${DEFAULT-VALUE})")
    int hidden;

    @Override
    public Integer call() {
        CaptionerSettings settings = new CaptionerSettings(epochs, batchSize, lr, hidden, run.seed(), run.limit());
        Dataset train = run.train();
        Dataset test = run.testSplit();
        String command = run.command();
        System.out.printf("training a captioner on %s, %d epochs, seed %d -> %s%n", train.name(), epochs, run.seed(), run.out());
        CaptionerTrainer.Result r;
        try (TrainCommand.ProgressListener listener = new TrainCommand.ProgressListener()) {
            r = CaptionerTrainer.train(settings, train, test, run.out(), command, listener);
        }
        System.out.printf(Locale.ROOT, "done: best-ranked caption right on %.1f%% (class), %.1f%% (brightness), %.1f%% (size) of 1000"
                        + " test images, %.0f s of training; model in %s%n", 100 * r.provenance().testAccuracy(),
                100 * r.brightnessAccuracy(), 100 * r.sizeAccuracy(), r.provenance().trainSeconds(), r.modelDir());
        return 0;
    }
}
