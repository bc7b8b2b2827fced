package dev.visor.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.data.Images;
import dev.visor.model.Classifier;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor classify}: top-k classes of images. */
@Command(name = "classify", mixinStandardHelpOptions = true, description = "Classify images with a model and print the top classes.")
public final class ClassifyCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Option(names = {"-i", "--image"}, required = true, arity = "1..*", paramLabel = "IMAGE", description = "image files")
    List<Path> images;

    @Option(names = "--top", defaultValue = "5", description = "how many classes to show (default ${DEFAULT-VALUE})")
    int top;

    @Override
    public Integer call() {
        try (Model m = modelOptions.load(); NDManager step = m.manager().newSubManager()) {
            InputSpec s = m.inputSpec();
            Classifier classifier = new Classifier(m);
            for (Path p : images) {
                NDArray x = Images.toTensor(step, Images.read(p), s.channels(), s.height(), s.width());
                System.out.println(p);
                for (Classifier.Prediction pr : classifier.topK(x, top).get(0)) {
                    System.out.printf("  %-30s %.4f%n", pr.label(), pr.probability());
                }
            }
        }
        return 0;
    }
}
