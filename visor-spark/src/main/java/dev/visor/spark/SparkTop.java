package dev.visor.spark;

import dev.visor.VisorException;
import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Split;
import dev.visor.job.Shard;
import dev.visor.model.Model;
import dev.visor.top.TopJob;
import dev.visor.top.TopResult;
import dev.visor.top.TopSettings;
import dev.visor.top.TopWriter;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * {@code top} on Spark: partition p of n runs {@link TopJob} on shard p/n of the dataset's batches (batches are cut
 * from the whole dataset, so the split never changes a result), checkpointing into its own folder and writing its
 * {@code top.json} there; the driver merges the partitions exactly with {@link TopResult#merge} and writes the
 * montages with {@link TopWriter}. A rerun skips partitions whose result exists and resumes the others from their
 * checkpoints.
 */
public final class SparkTop {
    private SparkTop() {}

    /** A run: the merged result (written to the output folder) and the wall time of its Spark job over n partitions. */
    public record Run(TopResult result, double seconds, int partitions) {}

    /**
     * Runs the job.
     *
     * @param data       the dataset as {@code --data} names it (every executor opens it)
     * @param limit      the first {@code limit} images only (0: all)
     * @param partitions tasks (shards of the batches)
     */
    public static Run run(JavaSparkContext sc, ModelSpec spec, String data, int limit, TopSettings settings, int partitions,
                                Path out) {
        if (partitions < 1) {
            throw new VisorException("--partitions must be at least 1, got " + partitions);
        }
        dev.visor.report.OutputDir.prepare(out);
        Model model = ExecutorModels.get(spec);
        settings.layers().forEach(model::resolve);
        Dataset set = open(data, limit);
        int batches = (set.size() + settings.batchSize() - 1) / settings.batchSize();
        int n = Math.max(1, Math.min(partitions, batches));
        Job job = new Job(spec, data, limit, settings.toMap(), settings.checkpointEvery(), n, out.toString());
        long t0 = System.nanoTime();
        List<String> dirs = sc.parallelize(Parts.range(n), n).map(job).collect();
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<TopResult> parts = new ArrayList<>();
        for (String d : dirs) {
            parts.add(TopResult.read(Path.of(d)));
        }
        TopResult merged = TopResult.merge(parts).withData(data);
        TopWriter.write(merged, set, model, out);
        return new Run(merged, seconds, n);
    }

    static Dataset open(String data, int limit) {
        Dataset d = Datasets.open(data, Split.TEST);
        return limit > 0 ? d.head(limit) : d;
    }

    /** The task: one shard of the batches. */
    record Job(ModelSpec spec, String data, int limit, Map<String, Object> settings, int checkpointEvery, int n, String out)
            implements Function<Integer, String>, Serializable {
        @Override
        public String call(Integer p) {
            Path dir = Parts.dir(Path.of(out), "top", p, n);
            if (Files.isRegularFile(dir.resolve(TopResult.FILE))) {
                return dir.toString();
            }
            Model model = ExecutorModels.get(spec);
            TopSettings s = TopSettings.fromMap(settings).withShard(new Shard(p, n)).withCheckpointEvery(checkpointEvery);
            TopResult r = TopJob.run(model, open(data, limit), s, FailureHook.pass(), dir.resolve(TopJob.CHECKPOINT)).withData(data);
            r.write(dir);
            return dir.toString();
        }
    }
}
