package dev.visor.spark.cli;

import dev.visor.cli.ModelOptionsMixin;
import dev.visor.cli.RenderOptions;
import dev.visor.job.UnitList;
import dev.visor.optvis.LayerRenderSettings;
import dev.visor.spark.SparkLayerRender;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor spark render-layer}: {@code visor render-layer} with one Spark task per batch; the same files. */
@Command(name = "render-layer", mixinStandardHelpOptions = true,
        description = "Render every unit of a layer on Spark, one task per batch (same files as `visor render-layer`; resumes).")
public final class SparkRenderLayerCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Mixin
    RenderOptions render;

    @Mixin
    SparkOptions spark;

    @Option(names = {"-l", "--layer"}, required = true, paramLabel = "LAYER", description = "the layer")
    String layer;

    @Option(names = "--units", paramLabel = "LIST", description = "units, e.g. 0-63 or 1,4,9-12 (default: all)")
    String units;

    @Option(names = "--neuron", description = "render the centre neuron of each channel instead of the channel mean")
    boolean neuron;

    @Option(names = "--batch", defaultValue = "" + LayerRenderSettings.DEFAULT_BATCH, paramLabel = "B",
            description = "units per optimisation, i.e. per task (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (shared by every executor)")
    Path out;

    @Override
    public Integer call() {
        LayerRenderSettings job = LayerRenderSettings.of(layer, out).withUnits(units == null ? List.of() : UnitList.parse(units))
                .withNeuron(neuron).withBatch(batch).withRecipe(render.settings()).withSeed(render.seed());
        SparkLayerRender.Result r = spark.run(sc -> SparkLayerRender.run(sc, SparkOptions.spec(modelOptions), List.of(job)));
        SparkRenderModelCommand.report(r);
        return 0;
    }
}
