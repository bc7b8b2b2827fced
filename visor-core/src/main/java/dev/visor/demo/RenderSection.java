package dev.visor.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.data.Images;
import dev.visor.engine.RunRandom;
import dev.visor.job.UnitList;
import dev.visor.model.Classifier;
import dev.visor.model.Model;
import dev.visor.optvis.LayerRenderJob;
import dev.visor.optvis.LayerRenderSettings;
import dev.visor.optvis.Presets;
import dev.visor.optvis.RenderJob;
import dev.visor.optvis.RenderJobSettings;
import dev.visor.optvis.RenderListener;
import dev.visor.optvis.RenderSettings;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.report.Report;
import dev.visor.report.Sidecar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Activation maximisation in the demo, through the same jobs as {@code visor render} and {@code visor
 * render-layer}: one render per class (with the model's verdict on its saved PNG), and the first channels
 * of a few convolutional layers, each batch one optimisation with its own seed derived from the run's.
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
        int classes = (int) Math.min(MAX_CLASSES, shapes.units(shapes.outputLayer()));
        List<String> objectives = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            objectives.add("logit(" + c + ")");
        }
        // Each optimisation has its own seed, derived from the run's seed and the render's name.
        long seed = ctx.settings().seed();
        RenderJob.Result classRenders = RenderJob.run(model, RenderJobSettings.of(objectives, ctx.out().resolve("renders/classes"))
                .withRecipe(settings).withSeed(RunRandom.derive(seed, "classes")), new RenderListener() {});
        Classifier classifier = new Classifier(model);
        var spec = model.inputSpec();
        try (NDManager m = model.manager().newSubManager()) {
            for (int c = 0; c < classes; c++) {
                Path png = classRenders.images().get(c).file();
                // The saved PNG as the model sees it: renders may be larger than a fixed-size model's input.
                NDArray seen = Images.toTensor(m, Images.read(png), spec.channels(), spec.height(), spec.width());
                Classifier.Prediction p = classifier.topK(seen, 1).get(0).get(0);
                b.figure(rel(ctx, png), classifier.label(c) + " → " + String.format("%s %.2f", p.label(), p.probability()),
                        rel(ctx, Sidecar.pathFor(png)));
            }
        }
        for (String layer : convLayers(model)) {
            int n = (int) Math.min(UNITS_PER_LAYER, shapes.units(layer));
            LayerRenderSettings job = LayerRenderSettings.of(layer, ctx.out().resolve("renders/layers")).withUnits(UnitList.range(0, n))
                    .withBatch(n).withRecipe(settings).withSeed(RunRandom.derive(seed, layer));
            LayerRenderJob.Result r = LayerRenderJob.run(model, job, new LayerRenderJob.Listener() {});
            for (int u = 0; u < n; u++) {
                Path png = r.files().get(u);
                b.figure(rel(ctx, png), layer + ":" + u, rel(ctx, Sidecar.pathFor(png)));
            }
        }
        return b.build();
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

}
