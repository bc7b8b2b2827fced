package dev.visor.spark.cli;

import dev.visor.cli.ModelOptionsMixin;
import dev.visor.cli.RenderOptions;
import dev.visor.model.Model;
import dev.visor.optvis.LayerRenderJob;
import dev.visor.optvis.LayerRenderSettings;
import dev.visor.spark.ExecutorModels;
import dev.visor.spark.SparkLayerRender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor spark render-model}: every unit of every feature-map layer (or of the given layers), one task per batch. */
@Command(name = "render-model", mixinStandardHelpOptions = true,
        description = "Render every unit of every feature-map layer of a model on Spark into OUT/<layer>/ (one task per batch;"
                + " each layer's files are what `visor render-layer --out OUT/<layer>` writes; resumes).")
public final class SparkRenderModelCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Mixin
    RenderOptions render;

    @Mixin
    SparkOptions spark;

    @Option(names = {"-l", "--layer"}, paramLabel = "LAYER", description = "only these layers (repeat; default: every layer with a feature map)")
    List<String> layers;

    @Option(names = "--batch", defaultValue = "" + LayerRenderSettings.DEFAULT_BATCH, paramLabel = "B",
            description = "units per optimisation, i.e. per task (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (shared by every executor)")
    Path out;

    @Option(names = "--list", description = "print the layers, their units and batches, and render nothing (no Spark job)")
    boolean list;

    @Override
    public Integer call() {
        if (list) {
            try (Model model = SparkOptions.spec(modelOptions).load()) {
                List<String> chosen = layers == null || layers.isEmpty() ? SparkLayerRender.featureMapLayers(model) : layers;
                dev.visor.optvis.objective.ModelShapes shapes = new dev.visor.optvis.objective.ModelShapes(model);
                long units = 0;
                long batches = 0;
                for (String l : chosen) {
                    long n = shapes.units(l);
                    units += n;
                    batches += (n + batch - 1) / batch;
                    System.out.printf("%-32s %6d units %6d batches%n", l, n, (n + batch - 1) / batch);
                }
                System.out.printf("%d layers, %d units, %d batches of up to %d%n", chosen.size(), units, batches, batch);
            }
            return 0;
        }
        if (out == null) {
            throw new dev.visor.VisorException("missing --out DIR (the output folder every executor writes to)");
        }
        SparkLayerRender.Result r = spark.run(sc -> {
            var spec = SparkOptions.spec(modelOptions);
            Model model = ExecutorModels.get(spec);
            List<String> chosen = layers == null || layers.isEmpty() ? SparkLayerRender.featureMapLayers(model) : layers;
            chosen.forEach(model::resolve);
            List<LayerRenderSettings> jobs = new ArrayList<>();
            for (String l : chosen) {
                jobs.add(LayerRenderSettings.of(l, SparkLayerRender.layerFolder(out, l)).withBatch(batch).withRecipe(render.settings())
                        .withSeed(render.seed()));
            }
            return SparkLayerRender.run(sc, spec, jobs);
        });
        report(r);
        return 0;
    }

    static void report(SparkLayerRender.Result r) {
        for (LayerRenderJob.Result l : r.layers()) {
            System.out.printf("layer %s: %d units in %d batches, %d unit files%s%n", l.plan().layer(), l.plan().units(),
                    l.plan().batches(), l.files().size(), l.grid() == null ? "" : ", grid " + l.grid());
        }
        System.out.printf("%d batches already written, %d tasks; %d units rendered in %.1f s (%.3f units/s; task time %.1f s)%n",
                r.skipped(), r.tasks(), r.units(), r.seconds(), r.seconds() > 0 ? r.units() / r.seconds() : 0.0, r.taskSeconds());
    }
}
