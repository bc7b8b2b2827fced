package dev.visor.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
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

    @Option(names = "--top", defaultValue = "5",
            description = "how many classes to show, 1 to the model's number of classes (default ${DEFAULT-VALUE})")
    int top;

    @Override
    public Integer call() {
        if (top < 1) {
            throw new VisorException("--top " + top + ": give how many classes to show, at least 1");
        }
        try (Model m = modelOptions.load(); NDManager step = m.manager().newSubManager()) {
            InputSpec s = m.inputSpec();
            Classifier classifier = new Classifier(m);
            for (Path p : images) {
                NDArray x = Images.toTensor(step, Images.read(p), s.channels(), s.height(), s.width());
                float[] probs = classifier.probabilities(x).get(0).toFloatArray();
                if (top > probs.length) {
                    throw new VisorException("--top " + top + " is more than the " + probs.length + " classes of " + m.source());
                }
                System.out.println(p);
                for (Classifier.Prediction pr : classifier.topK(probs, top)) {
                    System.out.printf("  %-30s %.4f%n", pr.label(), pr.probability());
                }
            }
        }
        return 0;
    }
}
