package dev.visor.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.attribution.Attribution;
import dev.visor.attribution.AttributionMap;
import dev.visor.attribution.AttributionMethod;
import dev.visor.attribution.AttributionWriter;
import dev.visor.attribution.Attributor;
import dev.visor.data.Images;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.ObjectiveParser;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor attribute}: saliency, guided backprop, DeconvNet and Grad-CAM maps of images. */
@Command(name = "attribute", mixinStandardHelpOptions = true,
        description = {"Project a score back to the pixels of images: saliency, guided backprop, DeconvNet, Grad-CAM.",
            "Writes per image NN_NAME_grid.png (the input beside every map) and one PNG with a JSON sidecar per method."})
public final class AttributeCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Option(names = {"-i", "--image"}, required = true, arity = "1..*", paramLabel = "IMAGE", description = "image files")
    List<Path> images;

    @Option(names = "--method", defaultValue = "saliency,guided,deconvnet,gradcam", paramLabel = "M[,M...]",
            description = "methods: saliency, guided, deconvnet, gradcam, guided-gradcam (default ${DEFAULT-VALUE})")
    String methods;

    @Option(names = {"-t", "--target"}, paramLabel = "OBJECTIVE",
            description = "the score to explain, e.g. \"logit('Egyptian cat')\", logit(285) or LAYER:CH (default: each image's top-1 class logit)")
    String target;

    @Option(names = "--layer", paramLabel = "LAYER", description = "Grad-CAM layer (default: the last layer with a spatial activation below the target)")
    String layer;

    @Option(names = "--sanity", description = "also run the model-parameter randomisation test of each method (see `visor sanity`), into OUT/sanity-NN")
    boolean sanity;

    @Option(names = "--out", defaultValue = "attributions", paramLabel = "DIR", description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        List<AttributionMethod> ms = AttributionMethod.parseList(methods);
        try (Model model = modelOptions.load()) {
            Objective t = target == null ? null : ObjectiveParser.parse(target, new ModelShapes(model));
            if (layer != null) {
                model.resolve(layer);
            }
            Attribution settings = new Attribution(ms, t, layer);
            Attributor attributor = new Attributor(model);
            InputSpec s = model.inputSpec();
            for (int i = 0; i < images.size(); i++) {
                Path p = images.get(i);
                try (NDManager step = model.manager().newSubManager()) {
                    NDArray x = Images.toTensor(step, Images.read(p), s.channels(), s.height(), s.width());
                    List<AttributionMap> rs = attributor.run(x, settings);
                    String stem = String.format("%02d_%s", i, dev.visor.optvis.RenderFiles.slug(stripExtension(p.getFileName().toString())));
                    AttributionWriter.Written w = AttributionWriter.write(model, p.toString(), x, 0, rs, out, stem);
                    AttributionMap first = rs.get(0);
                    String what = first.classes() != null ? label(model, first.classes()[0]) : first.target();
                    System.out.printf("%s  %s = %.4g%s -> %s%n", p, what, first.scores()[0],
                            first.layer() != null ? " (Grad-CAM at " + first.layer() + ")" : "", w.grid());
                }
                if (sanity) {
                    SanityCommand.run(model, p, dev.visor.sanity.SanitySettings.defaults().withMethods(ms), out.resolve(String.format("sanity-%02d", i)));
                }
            }
        }
        return 0;
    }

    private static String label(Model m, int c) {
        return "logit(" + c + (c < m.labels().size() ? " '" + m.labels().get(c) + "'" : "") + ")";
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
