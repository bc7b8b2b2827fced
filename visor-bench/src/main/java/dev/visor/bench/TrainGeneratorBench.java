package dev.visor.bench;

import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Split;
import dev.visor.generative.GeneratorListener;
import dev.visor.generative.GeneratorSettings;
import dev.visor.generative.GeneratorTrainer;
import dev.visor.train.ClassifierTrainer;
import dev.visor.train.TrainListener;
import dev.visor.train.TrainSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Generator training throughput (the default settings of {@code visor train generator}, with and without the GAN),
 * beside fashion-cnn classifier training on the same images in the same run, and the projected time of a full run.
 */
@Command(name = "train-generator", mixinStandardHelpOptions = true,
        description = "Generator training images/s (builtin:fashion-cnn's code) beside classifier training in the same run.")
public final class TrainGeneratorBench implements Callable<Integer> {
    @Option(names = "--images", defaultValue = "6400", description = "training images per measurement (default ${DEFAULT-VALUE})")
    int images;

    @Override
    public Integer call() throws Exception {
        Dataset train = Datasets.open("fashion-mnist", Split.TRAIN);
        GeneratorSettings d = GeneratorSettings.defaults();
        BenchTable t = new BenchTable("run", "images", "seconds", "images/s", "× classifier time", "projected default run (min)");
        double classifier = classifierSeconds(train);
        t.row("classifier fashion-cnn (baseline)", images, classifier, images / classifier, 1.0, Double.NaN);
        for (GeneratorSettings s : new GeneratorSettings[] {d, d.withLambdas(d.lambdaImg(), d.lambdaFeat(), 0)}) {
            double sec = generatorSeconds(train, s.withEpochs(1).withLimit(images));
            double ips = images / sec;
            t.row(s.lambdaGan() > 0 ? "generator (image + feature + GAN)" : "generator without GAN", images, sec, ips,
                    sec / classifier, (double) d.epochs() * train.size() / ips / 60);
        }
        System.out.println("Fashion-MNIST, batch " + d.batchSize() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores; projected = " + d.epochs() + " epochs × " + train.size() + " images at the measured rate");
        System.out.print(t.render());
        return 0;
    }

    private double classifierSeconds(Dataset train) throws Exception {
        Path out = Files.createTempDirectory("visor-gen-bench");
        long[] start = new long[1];
        ClassifierTrainer.train(new TrainSettings("fashion-cnn", 1, 64, 0.002f, 1, false, images), train, null, out, "bench",
                new TrainListener() {
                    @Override
                    public void epochStarted(int epoch, int epochs, int steps) {
                        start[0] = System.nanoTime();
                    }
                });
        return (System.nanoTime() - start[0]) / 1e9;
    }

    private static double generatorSeconds(Dataset train, GeneratorSettings s) throws Exception {
        Path out = Files.createTempDirectory("visor-gen-bench");
        // No test data: the time is training steps only (as recorded in the model's trainSeconds).
        return GeneratorTrainer.train(s, train, null, out, "bench", new GeneratorListener() { }).provenance().trainSeconds();
    }
}
