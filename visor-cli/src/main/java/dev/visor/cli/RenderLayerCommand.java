package dev.visor.cli;

import dev.visor.job.Shard;
import dev.visor.job.UnitList;
import dev.visor.model.Model;
import dev.visor.optvis.LayerRenderJob;
import dev.visor.optvis.LayerRenderSettings;
import dev.visor.optvis.RenderListener;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code visor render-layer}: a thin shell over {@link LayerRenderJob}. Batches are cut from the whole unit
 * list, {@code --shard i/N} takes every N-th batch, and units already written are skipped, so shards,
 * resumed runs and one process write the same files.
 */
@Command(name = "render-layer", mixinStandardHelpOptions = true,
        description = "Render every unit (channel) of a layer, in batches; resumes and splits into shards.")
public final class RenderLayerCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Mixin
    RenderOptions render;

    @Option(names = {"-l", "--layer"}, required = true, paramLabel = "LAYER", description = "the layer")
    String layer;

    @Option(names = "--units", paramLabel = "LIST", description = "units, e.g. 0-63 or 1,4,9-12 (default: all)")
    String units;

    @Option(names = "--neuron", description = "render the centre neuron of each channel instead of the channel mean")
    boolean neuron;

    @Option(names = "--batch", defaultValue = "" + LayerRenderSettings.DEFAULT_BATCH, paramLabel = "B",
            description = "units per optimisation (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--shard", defaultValue = "0/1", paramLabel = "I/N",
            description = "this process's share: batches i, i+N, ... of the whole unit list (default ${DEFAULT-VALUE})")
    String shard;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Override
    public Integer call() {
        LayerRenderSettings job = LayerRenderSettings.of(layer, out).withUnits(units == null ? List.of() : UnitList.parse(units))
                .withNeuron(neuron).withBatch(batch).withShard(Shard.parse(shard)).withRecipe(render.settings())
                .withSeed(render.seed);
        try (Model model = modelOptions.load()) {
            LayerRenderJob.run(model, job, new LayerRenderJob.Listener() {
                @Override
                public void planned(LayerRenderJob.Plan p) {
                    System.out.printf("layer %s: %d units in %d batches, %d in shard %s, %d already written, %d to render%n",
                            p.layer(), p.units(), p.batches(), p.batchesInShard(), shard, p.batchesDone(),
                            p.batchesInShard() - p.batchesDone());
                }

                @Override
                public RenderListener batch(String task) {
                    return render.quiet ? new RenderListener() {} : new ProgressListener(task);
                }
            });
        }
        return 0;
    }
}
