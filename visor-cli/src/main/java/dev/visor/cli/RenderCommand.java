package dev.visor.cli;

import ai.djl.ndarray.NDManager;
import dev.visor.data.Images;
import dev.visor.model.Model;
import dev.visor.optvis.BatchRender;
import dev.visor.optvis.RenderListener;
import dev.visor.optvis.RenderResult;
import dev.visor.optvis.RenderSettings;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.ObjectiveParser;
import dev.visor.report.ImageGrid;
import dev.visor.report.RenderWriter;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor render}: activation maximisation of one or more objectives, rendered together as one batch. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Render images that maximise objectives (activation maximisation).",
            "Objectives: LAYER:CH (channel mean or dense unit), LAYER:CH@X,Y (neuron), logit(CLASS), logprob(CLASS),",
            "direction(LAYER, FILE), combined with + - * and penalties l1, l2, tv, blur, diversity(LAYER),",
            "e.g. \"conv2d_5:3 - 0.05*tv\". Writes one PNG and JSON sidecar per image and a grid.png."})
public final class RenderCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Mixin
    RenderOptions render;

    @Option(names = {"-o", "--objective"}, required = true, paramLabel = "OBJECTIVE", description = "what to maximise; repeat for several")
    List<String> objectives;

    @Option(names = "--batch", defaultValue = "1", paramLabel = "K", description = "images per objective (use with --diversity); default ${DEFAULT-VALUE}")
    int batch;

    @Option(names = "--out", defaultValue = "renders", paramLabel = "DIR", description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new dev.visor.VisorException("--batch must be at least 1, got " + batch);
        }
        RenderSettings settings = render.settings();
        try (Model model = modelOptions.load(); NDManager m = model.manager().newSubManager()) {
            ModelShapes shapes = new ModelShapes(model);
            List<Objective> parsed = ObjectiveParser.parseAll(objectives, shapes);
            List<Objective> units = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < parsed.size(); i++) {
                for (int k = 0; k < batch; k++) {
                    units.add(parsed.get(i));
                    texts.add(objectives.get(i));
                    files.add(out.resolve(String.format("%02d_%s%s.png", i, slug(objectives.get(i)), batch > 1 ? "_" + k : "")));
                }
            }
            List<RenderListener> listeners = render.quiet ? List.of() : List.of(new ProgressListener("render"));
            RenderResult r = BatchRender.render(model, units, settings, render.seed, listeners, m);
            List<BufferedImage> images = RenderWriter.write(model, r, settings, render.seed, texts, files, Map.of());
            Images.writePng(ImageGrid.grid(images, batch > 1 ? batch : 0, 2), out.resolve("grid.png"));
            for (int i = 0; i < files.size(); i++) {
                System.out.printf("%s  %s: %.4g -> %.4g%n", files.get(i), texts.get(i), r.measureStart()[i], r.measureEnd()[i]);
            }
        }
        return 0;
    }

    /** A file-name-safe form of an objective string. */
    static String slug(String objective) {
        String s = objective.replaceAll("[^A-Za-z0-9_.-]+", "_").replaceAll("^_+|_+$", "");
        return s.length() > 60 ? s.substring(0, 60) : s;
    }
}
