package dev.visor.cli;

import dev.visor.demo.DemoJob;
import dev.visor.demo.DemoSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code visor demo}: the main job on the built-in default model and data, as a browsable report. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run Visor's methods on a model (default: the built-in Fashion-MNIST CNN) and write an HTML report.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, defaultValue = "builtin:fashion-cnn", description = "model (default ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--data", defaultValue = "fashion-mnist", description = "dataset for evaluation and samples (default ${DEFAULT-VALUE}); 'none' to skip")
    String data;

    @Option(names = {"-i", "--image"}, arity = "0..*", description = "extra images to classify")
    List<Path> images = new ArrayList<>();

    @Option(names = "--out", defaultValue = "demo-out", description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "seed for every random choice (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        Path report = DemoJob.standard().run(new DemoSettings(model, "none".equals(data) ? null : data, images, out, seed),
                System.err::println);
        System.out.println("report: " + report.toAbsolutePath());
        Path gallery = DemoJob.galleryIndex(new DemoSettings(model, null, images, out, seed));
        if (java.nio.file.Files.exists(gallery)) {
            System.out.println("gallery: " + gallery.toAbsolutePath());
        }
        return 0;
    }
}
