package dev.visor.cli;

import dev.visor.job.Shard;
import dev.visor.model.Model;
import dev.visor.optvis.LayerRenderJob;
import dev.visor.optvis.LayerRenderSettings;
import dev.visor.optvis.RenderListener;
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

    @Mixin
    LayerRenderOptions target;

    @Option(names = "--shard", defaultValue = "0/1", paramLabel = "I/N",
            description = "this process's share: batches i, i+N, ... of the whole unit list (default ${DEFAULT-VALUE})")
    String shard;

    @Override
    public Integer call() {
        LayerRenderSettings job = target.settings(render).withShard(Shard.parse(shard));
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
