package dev.visor.spark.cli;

import dev.visor.cli.LayerRenderOptions;
import dev.visor.cli.ModelOptionsMixin;
import dev.visor.cli.RenderOptions;
import dev.visor.optvis.LayerRenderSettings;
import dev.visor.spark.SparkLayerRender;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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

    @Mixin
    LayerRenderOptions target;

    @Override
    public Integer call() {
        LayerRenderSettings job = target.settings(render);
        SparkLayerRender.Result r = spark.run(sc -> SparkLayerRender.run(sc, SparkOptions.spec(modelOptions), List.of(job)));
        SparkRenderModelCommand.report(r);
        return 0;
    }
}
