package dev.visor.top;

import dev.visor.VisorException;
import dev.visor.data.Dataset;
import dev.visor.model.Model;
import dev.visor.stats.DatasetPass;
import dev.visor.stats.Moments;
import dev.visor.stats.PassListener;
import dev.visor.stats.TopK;
import java.nio.file.Path;

/**
 * Dataset examples: one streaming {@link DatasetPass} over a dataset that keeps, for every unit of the
 * requested layers, its top-k images by spatial-maximum activation (with the maximum's position) and
 * the moments of that value. Shards ({@link TopSettings#shard()}) merge exactly with
 * {@link TopResult#merge}; with a checkpoint file a killed run resumes to the same result.
 */
public final class TopJob {
    /** File name of the checkpoint inside an output folder. */
    public static final String CHECKPOINT = "top.checkpoint.json";

    private TopJob() {}

    /** Runs without a checkpoint. */
    public static TopResult run(Model model, Dataset dataset, TopSettings settings, PassListener listener) {
        return run(model, dataset, settings, listener, null);
    }

    /**
     * Runs the job, resuming from {@code checkpoint} when it holds part of the same job.
     *
     * @param checkpoint the checkpoint file, or null for none
     */
    public static TopResult run(Model model, Dataset dataset, TopSettings settings, PassListener listener, Path checkpoint) {
        if (settings.layers().isEmpty()) {
            throw new VisorException("top needs at least one layer; valid: " + String.join(", ", model.layerNames()));
        }
        DatasetPass pass = DatasetPass.of(model, dataset).layers(settings.layers()).units(settings.unitArray())
                .statistics(TopK.spec(settings.k()), Moments.spec()).batchSize(settings.batchSize())
                .shard(settings.shard()).listener(listener == null ? PassListener.NONE : listener);
        if (checkpoint != null) {
            pass.checkpoint(checkpoint, settings.checkpointEvery());
        }
        DatasetPass.Result r = pass.run();
        var spec = model.inputSpec();
        return new TopResult(model.source(), dataset.name(), dataset.size(), spec.channels(), spec.height(), spec.width(),
                settings, 1, r.statistics());
    }
}
