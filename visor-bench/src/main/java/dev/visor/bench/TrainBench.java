package dev.visor.bench;

import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Split;
import dev.visor.train.ClassifierTrainer;
import dev.visor.train.TrainListener;
import dev.visor.train.TrainSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Training throughput of the built-in architectures, and the time a full default training would take. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Training images/s of the built-in architectures on Fashion-MNIST.")
public final class TrainBench implements Callable<Integer> {
    @Option(names = "--arch", split = ",", defaultValue = "fashion-cnn,fashion-cnn-b", description = "architectures (default ${DEFAULT-VALUE})")
    String[] archs;

    @Option(names = "--images", defaultValue = "12800", description = "training images per measurement (default ${DEFAULT-VALUE})")
    int images;

    @Override
    public Integer call() throws Exception {
        Dataset train = Datasets.open("fashion-mnist", Split.TRAIN);
        BenchTable t = new BenchTable("architecture", "images", "seconds", "images/s", "projected 10 epochs × 60k (min)");
        for (String arch : archs) {
            Path out = Files.createTempDirectory("visor-train-bench");
            long[] start = new long[1];
            TrainListener clock = new TrainListener() {
                @Override
                public void epochStarted(int epoch, int epochs, int steps) {
                    start[0] = System.nanoTime();
                }
            };
            // One epoch on a prefix of the training set, no test pass: the measured time is training steps only.
            ClassifierTrainer.train(new TrainSettings(arch, 1, 64, 0.002f, 1, false, images), train, null, out, "bench", clock);
            double seconds = (System.nanoTime() - start[0]) / 1e9;
            double ips = images / seconds;
            t.row(arch, images, seconds, ips, 600000 / ips / 60);
        }
        System.out.println("Fashion-MNIST training, batch 64, " + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.print(t.render());
        return 0;
    }
}
