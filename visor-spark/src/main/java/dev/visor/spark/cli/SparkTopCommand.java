package dev.visor.spark.cli;

import dev.visor.VisorException;
import dev.visor.cli.ModelOptionsMixin;
import dev.visor.job.UnitList;
import dev.visor.spark.SparkTop;
import dev.visor.top.TopResult;
import dev.visor.top.TopSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor spark top}: {@code visor top} with the dataset's batches shared out over Spark tasks, merged exactly. */
@Command(name = "top", mixinStandardHelpOptions = true,
        description = "Dataset examples on Spark: partition p of n takes shard p/n of the batches; the driver merges them exactly"
                + " (the same top.json statistics and montages as `visor top`; resumes).")
public final class SparkTopCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Mixin
    SparkOptions spark;

    @Option(names = "--data", defaultValue = "fashion-mnist", paramLabel = "DATA",
            description = "images, as `visor top --data` takes them; every executor must reach them (default ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--layer", required = true, paramLabel = "LAYER", description = "a layer to rank units of (repeat for several)")
    List<String> layers;

    @Option(names = "--units", paramLabel = "LIST", description = "units of every layer, e.g. 0-15 (default: all)")
    String units;

    @Option(names = "--k", defaultValue = "" + TopSettings.DEFAULT_K, description = "examples per unit (default ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--patches", description = "the receptive-field crop around each example's maximum, not the whole image")
    boolean patches;

    @Option(names = "--batch-size", defaultValue = "" + TopSettings.DEFAULT_BATCH_SIZE, description = "images per forward pass (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--checkpoint-every", defaultValue = "" + TopSettings.DEFAULT_CHECKPOINT_EVERY, paramLabel = "N",
            description = "batches between a task's checkpoints (default ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--limit", defaultValue = "0", description = "use the first N images only (0: all)")
    int limit;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N", description = "tasks (default 0: Spark's default parallelism)")
    int partitions;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (shared by every executor)")
    Path out;

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new VisorException("--limit must be 0 (all) or positive, got " + limit);
        }
        TopSettings s = TopSettings.defaults().withLayers(layers).withUnits(units == null ? List.of() : UnitList.parse(units)).withK(k)
                .withBatchSize(batchSize).withPatches(patches).withCheckpointEvery(checkpointEvery);
        SparkTop.Run run = spark.run(sc -> SparkTop.run(sc, SparkOptions.spec(modelOptions), data, limit, s,
                partitions > 0 ? partitions : sc.defaultParallelism(), out));
        TopResult r = run.result();
        System.out.printf("top %d of %d images for %s, merged from %d partitions, under %s (Spark job %.1f s, %.2f ms/image)%n", k,
                r.images(), String.join(", ", layers), r.mergedFrom(), out, run.seconds(), 1000 * run.seconds() / r.images());
        return 0;
    }
}
