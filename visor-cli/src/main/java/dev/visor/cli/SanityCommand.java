package dev.visor.cli;

import ai.djl.ndarray.NDManager;
import dev.visor.attribution.AttributionMethod;
import dev.visor.attribution.InputImage;
import dev.visor.model.Model;
import dev.visor.report.OutputDir;
import dev.visor.sanity.SanityJob;
import dev.visor.sanity.SanitySettings;
import dev.visor.sanity.SanityWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor sanity}: model-parameter randomisation tests of the attribution maps (Adebayo et al. 2018). */
@Command(name = "sanity", mixinStandardHelpOptions = true,
        description = {"Re-run attribution methods with the weights randomised from the top layer down (cascading) and one",
            "layer at a time (independent); print Spearman rank correlation and SSIM of |map| to the trained model's map,",
            "and write sanity.json and sanity.png. The trained model's weights are never changed."})
public final class SanityCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Option(names = {"-i", "--image"}, required = true, paramLabel = "IMAGE", description = "the image")
    Path image;

    @Option(names = "--method", defaultValue = "saliency,guided,deconvnet,gradcam", paramLabel = "M[,M...]",
            description = "methods: saliency, guided, deconvnet, gradcam, guided-gradcam (default ${DEFAULT-VALUE})")
    String methods;

    @Option(names = "--depth", defaultValue = "0", paramLabel = "N", description = "randomise at most the top N weighted layers (default 0: all)")
    int depth;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "seed of the random weights (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--data", paramLabel = "DATA",
            description = "also the data-randomisation test: a copy of the model's architecture trained on DATA with shuffled labels"
                    + " (the model must be Visor-trained, e.g. builtin:fashion-cnn with --data fashion-mnist)")
    String data;

    @Option(names = "--data-images", defaultValue = "" + SanitySettings.DATA_IMAGES, paramLabel = "N",
            description = "train the shuffled-label copy on the first N images (default ${DEFAULT-VALUE})")
    int dataImages;

    @Option(names = "--data-epochs", defaultValue = "" + SanitySettings.DATA_EPOCHS, paramLabel = "N",
            description = "epochs of that training (default ${DEFAULT-VALUE})")
    int dataEpochs;

    @Option(names = "--out", defaultValue = "sanity", paramLabel = "DIR", description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        SanitySettings s = SanitySettings.defaults().withMethods(AttributionMethod.parseList(methods)).withDepth(depth).withSeed(seed)
                .withData(data).withDataBudget(dataImages, dataEpochs);
        try (Model model = modelOptions.load()) {
            run(model, image, s, out);
        }
        return 0;
    }

    /** Runs the test and prints the table (shared with {@code visor attribute --sanity}). */
    static void run(Model model, Path image, SanitySettings s, Path out) {
        SanityJob.check(model, s);
        OutputDir.prepare(out);
        try (NDManager m = model.manager().newSubManager()) {
            InputImage in = InputImage.read(image, model, m);
            if (in.resized()) {
                System.out.println(in.resizeNote(image));
            }
            SanityJob.Result r = SanityJob.run(model, in.tensor(), s);
            System.out.print(SanityWriter.table(r));
            if (!Double.isNaN(r.dataAccuracy())) {
                System.out.printf("the shuffled-label copy fits %.1f%% of its shuffled training labels (chance %.1f%%)%n",
                        100 * r.dataAccuracy(), 100.0 / model.labels().size());
            }
            System.out.printf("%d randomised models in %.1f s -> %s%n", r.rows().size(), r.seconds(),
                    SanityWriter.write(model, image.toString(), r, out));
        }
    }
}
