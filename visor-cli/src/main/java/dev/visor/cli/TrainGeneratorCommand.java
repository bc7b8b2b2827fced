package dev.visor.cli;

import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Split;
import dev.visor.generative.GeneratorListener;
import dev.visor.generative.GeneratorProvenance;
import dev.visor.generative.GeneratorSettings;
import dev.visor.generative.GeneratorTrainer;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code visor train generator}: a generator from a classifier's code back to the image (the DGN-AM / PPGN prior). */
@Command(name = "generator", mixinStandardHelpOptions = true,
        description = "Train a generator G(h) ≈ x from a classifier's dense code h = E(x) (image + feature + GAN loss); rerun the"
                + " same command to resume after a kill.")
final class TrainGeneratorCommand implements Callable<Integer> {
    private static final GeneratorSettings D = GeneratorSettings.defaults();

    @picocli.CommandLine.Mixin
    TrainingRunOptions run;

    @Option(names = "--classifier", defaultValue = GeneratorSettings.CLASSIFIER, paramLabel = "MODEL",
            description = "the frozen classifier E (default ${DEFAULT-VALUE}; 1x28x28 grey input)")
    String classifier;

    @Option(names = "--code-layer", defaultValue = GeneratorSettings.CODE_LAYER, paramLabel = "LAYER",
            description = "dense layer whose activation is the code h (default ${DEFAULT-VALUE})")
    String codeLayer;

    @Option(names = "--feature-layer", defaultValue = GeneratorSettings.FEATURE_LAYER, paramLabel = "LAYER",
            description = "convolutional layer E1 of the feature loss (default ${DEFAULT-VALUE})")
    String featureLayer;

    @Option(names = "--epochs", paramLabel = "N", description = "epochs (default 6)")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "images per step (default 64)")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "LR", description = "Adam peak learning rate of G and D, cosine to 0 (default 0.002)")
    Float lr;

    @Option(names = "--lambda-img", paramLabel = "W", description = "weight of the pixel loss (default 1)")
    Float lambdaImg;

    @Option(names = "--lambda-feat", paramLabel = "W", description = "weight of the feature loss (default 0.1)")
    Float lambdaFeat;

    @Option(names = "--lambda-gan", paramLabel = "W", description = "weight of the adversarial loss, 0: no discriminator (default 0.005)")
    Float lambdaGan;

    @Override
    public Integer call() {
        GeneratorSettings s = D.withClassifier(classifier).withCodeLayer(codeLayer).withFeatureLayer(featureLayer)
                .withEpochs(epochs != null ? epochs : D.epochs()).withBatchSize(batchSize != null ? batchSize : D.batchSize())
                .withLearningRate(lr != null ? lr : D.learningRate())
                .withLambdas(lambdaImg != null ? lambdaImg : D.lambdaImg(), lambdaFeat != null ? lambdaFeat : D.lambdaFeat(),
                        lambdaGan != null ? lambdaGan : D.lambdaGan())
                .withSeed(run.seed()).withLimit(run.limit());
        Dataset train = run.train();
        Dataset test = Datasets.open("fashion-mnist:test", Split.TEST);
        String command = run.command();
        System.out.printf(Locale.ROOT, "training a generator for %s code %s (features %s) on %s (%d images), %d epochs, seed %d -> %s%n",
                s.classifier(), s.codeLayer(), s.featureLayer(), train.name(), run.limit() > 0 ? Math.min(run.limit(), train.size()) : train.size(),
                s.epochs(), s.seed(), run.out());
        GeneratorTrainer.Result r;
        try (Listener listener = new Listener()) {
            r = GeneratorTrainer.train(s, train, test, run.out(), command, listener);
        }
        GeneratorProvenance p = r.provenance();
        System.out.printf(Locale.ROOT, "done: reconstruction ‖G(E(x)) − x‖² %.3f per test image (%d images), %.0f s of training,"
                + " %.0f images/s; generator in %s%n", p.reconstructionError(), p.reconstructionImages(), p.trainSeconds(),
                p.imagesPerSecond(), r.modelDir());
        return 0;
    }

    /** A {@link Progress} per epoch and a summary line after it. */
    private static final class Listener implements GeneratorListener, AutoCloseable {
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
        public void stepFinished(int epoch, int step, double imageLoss, double featureLoss, double ganD) {
            bar.stepTo(step, String.format(Locale.ROOT, "img %.4f feat %.4f D %.3f", imageLoss, featureLoss, ganD));
        }

        @Override
        public void epochFinished(GeneratorProvenance.Epoch r) {
            close();
            System.out.printf(Locale.ROOT, "epoch %d/%d: image %.4f, feature %.4f, GAN G %.3f D %.3f (D paused %.0f%%, G's GAN"
                    + " term paused %.0f%%), test reconstruction %.3f, %.1f s%n", r.epoch(), epochs, r.imageLoss(), r.featureLoss(),
                    r.ganGeneratorLoss(), r.ganDiscriminatorLoss(), 100 * r.discriminatorPaused(), 100 * r.adversarialPaused(),
                    r.testReconstruction(), r.seconds());
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
