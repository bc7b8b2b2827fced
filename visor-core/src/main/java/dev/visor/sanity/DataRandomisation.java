package dev.visor.sanity;

import dev.visor.VisorException;
import dev.visor.builtin.BuiltinModels;
import dev.visor.data.Dataset;
import dev.visor.io.ModelLoader;
import dev.visor.io.visor.Provenance;
import dev.visor.io.visor.VisorModelFile;
import dev.visor.model.Model;
import dev.visor.train.ClassifierTrainer;
import dev.visor.train.TrainListener;
import dev.visor.train.TrainSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The data-randomisation test's model (Adebayo et al. 2018): a fresh copy of the trained model's architecture
 * trained by {@link ClassifierTrainer} on the first images of the data with their labels shuffled
 * ({@link ShuffledLabels}), with the trainer's defaults otherwise. The architecture comes from the model's
 * training record, so the model must have been trained by Visor ({@code builtin:NAME} or a Visor model folder).
 */
public final class DataRandomisation {
    private DataRandomisation() {}

    /**
     * The retrained copy and how well it fits its shuffled labels.
     *
     * @param model         the copy (close it)
     * @param trainAccuracy its accuracy on the shuffled training labels in the last epoch (chance: 1 / classes)
     * @param seconds       training time
     */
    public record Copy(Model model, double trainAccuracy, double seconds) {}

    /** The architecture of a Visor-trained model by its name, or a one-line error saying what would do. */
    public static String architecture(String modelName) {
        Provenance p = null;
        if (modelName.startsWith(BuiltinModels.SCHEME)) {
            p = BuiltinModels.provenance(modelName);
        } else {
            Path dir = Path.of(modelName);
            dir = Files.isRegularFile(dir) ? dir.getParent() : dir;
            if (dir != null && VisorModelFile.isModelDirectory(dir)) {
                p = VisorModelFile.provenance(VisorModelFile.directory(dir));
            }
        }
        if (p == null) {
            throw new VisorException("the data-randomisation test (--data) retrains the model's architecture, so it needs a model"
                    + " trained by Visor (builtin:NAME or a Visor model folder with a training record); " + modelName + " has none");
        }
        return p.architecture();
    }

    /**
     * Trains the copy.
     *
     * @param architecture an architecture name (see {@link #architecture})
     * @param data         labelled training data; its first {@code images} items are used
     */
    public static Copy train(String architecture, Dataset data, int images, int epochs, long seed) {
        Dataset shuffled = ShuffledLabels.of(data.head(images), seed);
        TrainSettings settings = TrainSettings.defaults(architecture).withEpochs(epochs).withSeed(seed);
        Path dir;
        try {
            dir = Files.createTempDirectory("visor-data-randomisation");
        } catch (IOException e) {
            throw new VisorException("cannot make a folder for the retrained model: " + e.getMessage(), e);
        }
        try {
            ClassifierTrainer.Result r = ClassifierTrainer.train(settings, shuffled, null, dir,
                    "data randomisation of " + architecture + " on " + shuffled.name(), new TrainListener() {});
            Provenance p = r.provenance();
            Model m = ModelLoader.load(r.modelDir().toString());
            return new Copy(m, p.history().get(p.history().size() - 1).trainAccuracy(), p.trainSeconds());
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left behind is not worth failing the test over
        }
    }
}
