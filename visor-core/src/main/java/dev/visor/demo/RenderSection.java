package dev.visor.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.engine.RunRandom;
import dev.visor.model.Classifier;
import dev.visor.model.Model;
import dev.visor.optvis.BatchRender;
import dev.visor.optvis.Presets;
import dev.visor.optvis.RenderResult;
import dev.visor.optvis.RenderSettings;
import dev.visor.optvis.RenderWriter;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.Objectives;
import dev.visor.report.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Activation maximisation in the demo: one render per class (with the model's verdict on it), and the
 * first channels of every convolutional layer, each batch rendered as one optimisation.
 */
public final class RenderSection implements DemoSection {
    private static final int MAX_CLASSES = 10;
    private static final int UNITS_PER_LAYER = 6;
    private static final int MAX_LAYERS = 4;

    @Override
    public Report.Section run(DemoContext ctx) {
        Model model = ctx.model();
        boolean small = Math.max(model.inputSpec().height(), model.inputSpec().width()) <= 64;
        // The published recipes, shortened for a demo that should finish in a minute or two on a laptop.
        RenderSettings settings = small ? Presets.get("small") : Presets.get("fourier").with(Map.of("steps", 128));
        Report.SectionBuilder b = new Report.SectionBuilder("Activation maximisation")
                .text("Images optimised to excite one class logit or one channel (preset '" + settings.preset() + "', "
                        + settings.steps() + " steps, each optimisation seeded from the run's seed " + ctx.settings().seed() + "). Under each class render: what the"
                        + " model itself classifies it as. Hidden units are the first channels of each layer that feeds a"
                        + " rectifier (pre-ReLU). Each image has a JSON sidecar with every setting (click it).");
        ModelShapes shapes = new ModelShapes(model);
        String output = shapes.outputLayer();
        int classes = (int) Math.min(MAX_CLASSES, shapes.units(output));
        List<Objective> units = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            units.add(Objectives.logit(output, c));
            names.add(output + ":" + c);
        }
        Classifier classifier = new Classifier(model);
        List<String> verdicts = new ArrayList<>();
        List<Path> files = render(ctx, units, names, settings, "class", img -> {
            var spec = model.inputSpec();
            for (int i = 0; i < img.getShape().get(0); i++) {
                // The saved PNG as the model sees it: renders may be larger than a fixed-size model's input.
                NDArray seen = dev.visor.data.Images.toTensor(img.getManager(), dev.visor.data.Images.toImage(img.get(i)),
                        spec.channels(), spec.height(), spec.width());
                Classifier.Prediction p = classifier.topK(seen, 1).get(0).get(0);
                verdicts.add(String.format("%s %.2f", p.label(), p.probability()));
            }
        });
        for (int c = 0; c < classes; c++) {
            b.figure(rel(ctx, files.get(c)), classifier.label(c) + " → " + verdicts.get(c), rel(ctx, sidecar(files.get(c))));
        }
        for (String layer : convLayers(model)) {
            int n = (int) Math.min(UNITS_PER_LAYER, shapes.units(layer));
            List<Objective> ch = new ArrayList<>();
            List<String> chNames = new ArrayList<>();
            for (int u = 0; u < n; u++) {
                ch.add(Objectives.channel(layer, u));
                chNames.add(layer + ":" + u);
            }
            List<Path> unitFiles = render(ctx, ch, chNames, settings, layer, img -> { });
            for (int u = 0; u < n; u++) {
                b.figure(rel(ctx, unitFiles.get(u)), chNames.get(u), rel(ctx, sidecar(unitFiles.get(u))));
            }
        }
        return b.build();
    }

    private static List<Path> render(DemoContext ctx, List<Objective> units, List<String> names, RenderSettings settings,
                                     String prefix, java.util.function.Consumer<NDArray> inspect) {
        Model model = ctx.model();
        try (NDManager out = model.manager().newSubManager()) {
            // Each optimisation has its own seed, derived from the run's seed and the render's name.
            long seed = RunRandom.derive(ctx.settings().seed(), prefix);
            RenderResult r = BatchRender.render(model, units, settings, seed, List.of(), out);
            List<Path> files = new ArrayList<>();
            for (String n : names) {
                files.add(ctx.out().resolve("renders/" + prefix.replaceAll("[^A-Za-z0-9_.-]", "_") + "-"
                        + n.substring(n.lastIndexOf(':') + 1) + ".png"));
            }
            RenderWriter.write(model, r, settings, seed, names, files, Map.of("base_seed", ctx.settings().seed()));
            inspect.accept(r.image());
            return files;
        }
    }

    /**
     * The inputs of spatial rectifiers: pre-ReLU channels always have a gradient, while a ReLU channel that is
     * zero on the starting image has none and would stay grey.
     */
    private static List<String> convLayers(Model model) {
        List<String> rect = new ArrayList<>();
        try (NDManager m = model.manager().newSubManager()) {
            var acts = model.forward(m.zeros(model.inputSpec().batchShape(1)),
                    dev.visor.model.ForwardRequest.of(model.layerNames()));
            for (String l : model.layerNames()) {
                var node = model.producerOf(l);
                if (node != null && (node.opType().equals("Relu") || node.opType().equals("LeakyRelu"))
                        && acts.get(l).getShape().dimension() == 4) {
                    String pre = node.inputs().get(0);
                    rect.add(model.layerNames().stream().filter(n -> model.resolve(n).equals(pre)).findFirst().orElse(pre));
                }
            }
        }
        if (rect.size() <= MAX_LAYERS) {
            return rect;
        }
        // Deep models: a few layers spread from the first to the last, so the report shows the progression.
        List<String> spread = new ArrayList<>();
        for (int i = 0; i < MAX_LAYERS; i++) {
            spread.add(rect.get(Math.round(i * (rect.size() - 1) / (float) (MAX_LAYERS - 1))));
        }
        return spread;
    }

    private static String rel(DemoContext ctx, Path p) {
        return ctx.out().relativize(p).toString();
    }

    private static Path sidecar(Path png) {
        return dev.visor.report.Sidecar.pathFor(png);
    }
}
