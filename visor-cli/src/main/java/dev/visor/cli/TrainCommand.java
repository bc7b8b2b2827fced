package dev.visor.cli;

import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Split;
import dev.visor.io.visor.Provenance;
import dev.visor.model.Model;
import dev.visor.io.ModelLoader;
import dev.visor.train.Architecture;
import dev.visor.train.Architectures;
import dev.visor.train.ClassifierTrainer;
import dev.visor.train.TrainListener;
import dev.visor.train.TrainSettings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code visor train}: trains Visor's small built-in kinds of model. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a small model (the built-in models are made this way).",
        subcommands = {TrainCommand.Classifier.class, TrainGeneratorCommand.class, TrainDaeCommand.class, TrainCaptionerCommand.class})
public final class TrainCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code visor train classifier}: a CNN classifier, checkpointed each epoch, resumable. */
    @Command(name = "classifier", mixinStandardHelpOptions = true,
            description = "Train a CNN classifier; rerun the same command to resume after a kill.")
    static final class Classifier implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        TrainingRunOptions run;

        @Option(names = "--test-data", paramLabel = "DATA",
                description = "evaluated after each epoch (default: the test split of --data when it has one)")
        String testData;

        @Option(names = "--arch", defaultValue = "fashion-cnn", paramLabel = "NAME",
                description = "architecture: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})", completionCandidates = ArchNames.class)
        String arch;

        @Option(names = "--epochs", defaultValue = "10", description = "epochs (default ${DEFAULT-VALUE})")
        int epochs;

        @Option(names = "--batch-size", defaultValue = "64", description = "images per step (default ${DEFAULT-VALUE})")
        int batchSize;

        @Option(names = "--lr", defaultValue = "0.002", description = "Adam peak learning rate, cosine to 0 (default ${DEFAULT-VALUE})")
        float lr;

        @Option(names = "--augment", description = "random ±2 px shifts and horizontal flips")
        boolean augment;

        @Option(names = "--onnx", paramLabel = "FILE", description = "also export the trained model as ONNX")
        Path onnx;

        @Override
        public Integer call() {
            Dataset train = run.train();
            Dataset test = testData != null ? Datasets.open(testData, Split.TEST) : run.testSplit();
            TrainSettings settings = new TrainSettings(arch, epochs, batchSize, lr, run.seed(), augment, run.limit());
            String command = run.command();
            System.out.printf("training %s on %s (%d images)%s, %d epochs, seed %d -> %s%n", arch, train.name(),
                    run.limit() > 0 ? Math.min(run.limit(), train.size()) : train.size(), test == null ? "" : ", testing on " + test.name(),
                    epochs, run.seed(), run.out());
            ClassifierTrainer.Result r;
            try (ProgressListener listener = new ProgressListener()) {
                r = ClassifierTrainer.train(settings, train, test, run.out(), command, listener);
            }
            Provenance p = r.provenance();
            System.out.printf(Locale.ROOT, "done: test accuracy %s, %.0f s of training, %.0f images/s; model in %s%n",
                    Double.isNaN(p.testAccuracy()) ? "not measured" : String.format(Locale.ROOT, "%.2f%%", 100 * p.testAccuracy()),
                    p.trainSeconds(), p.imagesPerSecond(), r.modelDir());
            if (onnx != null) {
                try (Model m = ModelLoader.load(r.modelDir().toString())) {
                    dev.visor.io.onnx.OnnxExporter.write(m, onnx);
                }
                System.out.println("ONNX: " + onnx);
            }
            return 0;
        }
    }

    /** Names for {@code --arch} help. */
    static final class ArchNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Architectures.all().stream().map(Architecture::name).iterator();
        }
    }

    /** A {@link Progress} per epoch (loss and accuracy so far) and a summary line after it. */
    static final class ProgressListener implements TrainListener, AutoCloseable {
        private Progress bar;
        private int epochs;

        @Override
        public void resumed(int epochsDone) {
            System.out.println("resuming from the checkpoint after epoch " + epochsDone);
        }

        @Override
        public void epochStarted(int epoch, int epochs, int steps) {
            this.epochs = epochs;
            bar = Progress.start("epoch " + epoch + "/" + epochs, steps);
        }

        @Override
        public void stepFinished(int epoch, int step, double loss, double accuracy) {
            bar.stepTo(step, Double.isNaN(accuracy) ? String.format(Locale.ROOT, "loss %.5f", loss)
                    : String.format(Locale.ROOT, "loss %.4f acc %.2f%%", loss, 100 * accuracy));
        }

        @Override
        public void epochFinished(Provenance.Epoch r) {
            close();
            if (Double.isNaN(r.trainAccuracy())) {
                System.out.printf(Locale.ROOT, "epoch %d/%d: loss %.5f, %.1f s%n", r.epoch(), epochs, r.loss(), r.seconds());
                return;
            }
            System.out.printf(Locale.ROOT, "epoch %d/%d: loss %.4f, train accuracy %.2f%%, test accuracy %s, %.1f s%n", r.epoch(),
                    epochs, r.loss(), 100 * r.trainAccuracy(),
                    Double.isNaN(r.testAccuracy()) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * r.testAccuracy()), r.seconds());
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
