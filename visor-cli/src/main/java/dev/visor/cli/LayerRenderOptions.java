package dev.visor.cli;

import dev.visor.job.UnitList;
import dev.visor.optvis.LayerRenderSettings;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The flags that say which units of a layer to render and where, shared by {@code visor render-layer} and {@code visor spark render-layer}. */
public final class LayerRenderOptions {
    @Option(names = {"-l", "--layer"}, required = true, paramLabel = "LAYER", description = "the layer")
    String layer;

    @Option(names = "--units", paramLabel = "LIST", description = "units, e.g. 0-63 or 1,4,9-12 (default: all)")
    String units;

    @Option(names = "--neuron", description = "render the centre neuron of each channel instead of the channel mean")
    boolean neuron;

    @Option(names = "--batch", defaultValue = "" + LayerRenderSettings.DEFAULT_BATCH, paramLabel = "B",
            description = "units per optimisation (one Spark task each under `visor spark`) (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (shared by every executor under Spark)")
    Path out;

    /** The job these flags and {@code render}'s recipe and seed give (the whole unit list; a shard is the caller's). */
    public LayerRenderSettings settings(RenderOptions render) {
        return LayerRenderSettings.of(layer, out).withUnits(units == null ? List.of() : UnitList.parse(units))
                .withNeuron(neuron).withBatch(batch).withRecipe(render.settings()).withSeed(render.seed());
    }
}
