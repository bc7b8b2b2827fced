package dev.visor.cli;

import ai.djl.ndarray.NDManager;
import dev.visor.attribution.InputImage;
import dev.visor.invert.InvertJob;
import dev.visor.invert.InvertSettings;
import dev.visor.invert.InvertWriter;
import dev.visor.model.Model;
import dev.visor.optvis.Presets;
import dev.visor.optvis.RenderListener;
import dev.visor.optvis.RenderSettings;
import dev.visor.report.OutputDir;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor invert}: reconstruct an image from a layer's features (Mahendran and Vedaldi 2015). */
@Command(name = "invert", mixinStandardHelpOptions = true,
        description = {"Reconstruct an image from each layer's features (network inversion), or exaggerate them (--caricature).",
            "Writes inversion.png (the original beside one reconstruction per layer), NN_LAYER.png and inversion.json"
                + " with the final relative feature error and the correlation with the original per layer."})
public final class InvertCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Option(names = {"-i", "--image"}, required = true, paramLabel = "IMAGE", description = "the image to invert")
    Path image;

    @Option(names = "--layer", required = true, arity = "1", paramLabel = "LAYER", description = "a layer to invert (repeat for several)")
    List<String> layers;

    @Option(names = "--preset", defaultValue = "invert", paramLabel = "NAME",
            description = "invert (pixels, momentum SGD, step drops) or invert-robust (Fourier + transforms); default ${DEFAULT-VALUE}")
    String preset;

    @Option(names = "--caricature", description = "maximise the dot product with the image's features instead of matching them")
    boolean caricature;

    @Option(names = "--steps", paramLabel = "N", description = "optimisation steps (default: the preset's)")
    Integer steps;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "learning rate (default: the preset's; preset invert's 4 was tuned on darknet-tiny at 48 px and diverges on"
                    + " builtin:fashion-cnn, where 0.2 works)")
    Double lr;

    @Option(names = "--tv", paramLabel = "LAMBDA", description = "λ_TV for every layer (default: 1 / 10 / 100 for shallow / middle / deep)")
    Double tv;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "inversion", paramLabel = "DIR", description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        RenderSettings recipe = Presets.get(preset);
        if (steps != null) {
            recipe = recipe.with("steps", steps);
        }
        if (lr != null) {
            recipe = recipe.with("learningRate", lr);
        }
        InvertSettings.Builder b = InvertSettings.builder().layers(layers).recipe(recipe).caricature(caricature).seed(seed);
        if (tv != null) {
            b.tvWeight(tv);
        }
        InvertSettings s = b.build();
        try (Model model = modelOptions.load()) {
            layers.forEach(model::resolve);
            OutputDir.prepare(out);
            try (NDManager m = model.manager().newSubManager()) {
                InputImage in = InputImage.read(image, model, m);
                if (in.resized()) {
                    System.out.println(in.resizeNote(image));
                }
                InvertJob.Result r = InvertJob.run(model, in.tensor(), s, new RenderListener() {});
                Path strip = InvertWriter.write(model, image.toString(), r, out);
                for (InvertJob.Layer l : r.layers()) {
                    System.out.printf("%-24s relative feature error %.4f (from %.4f), correlation with the image %.3f%n",
                            l.layer(), l.relativeError(), l.startError(), l.correlation());
                }
                System.out.println("-> " + strip);
            }
        }
        return 0;
    }
}
