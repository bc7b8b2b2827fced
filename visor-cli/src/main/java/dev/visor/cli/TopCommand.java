package dev.visor.cli;

import dev.visor.VisorException;
import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Split;
import dev.visor.model.Model;
import dev.visor.job.Shard;
import dev.visor.top.TopJob;
import dev.visor.top.TopResult;
import dev.visor.top.TopSettings;
import dev.visor.top.TopWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor top}: the dataset images that most excite each unit (montages + JSON), resumable and shardable. */
@Command(name = "top", mixinStandardHelpOptions = true, subcommands = TopMergeCommand.class,
        description = "Dataset examples: per unit the top-k images of a dataset by the unit's (spatial-maximum) activation,"
                + " as a montage PNG and JSON. Rerun to resume a killed run; --shard i/N splits the work, `top merge` joins it.")
public final class TopCommand implements Callable<Integer> {
    /** The shared model flags, as an optional group so that `top merge` does not need --model. */
    @ArgGroup(exclusive = false, multiplicity = "0..1", heading = "Model:%n")
    ModelOptionsMixin modelOptions;

    @Option(names = "--data", defaultValue = "fashion-mnist", paramLabel = "DATA",
            description = "images: fashion-mnist (its test split), fashion-mnist:train, an IDX folder, an image folder or a CSV"
                    + " list (default ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--layer", paramLabel = "LAYER", description = "a layer to rank units of (repeat for several; all in one pass)")
    List<String> layers;

    @Option(names = "--units", paramLabel = "LIST", description = "units of every layer, e.g. 0-15 or 1,4,9-12 (default: all)")
    String units;

    @Option(names = "--k", defaultValue = "" + TopSettings.DEFAULT_K, description = "examples per unit (default ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--patches", description = "show the receptive-field crop around each example's maximum, not the whole image")
    boolean patches;

    @Option(names = "--shard", defaultValue = "0/1", paramLabel = "I/N",
            description = "this process's share: batches i, i+N, ... of the whole dataset (default ${DEFAULT-VALUE})")
    String shard;

    @Option(names = "--batch-size", defaultValue = "" + TopSettings.DEFAULT_BATCH_SIZE,
            description = "images per forward pass; shards and resumed runs must use the same (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--checkpoint-every", defaultValue = "" + TopSettings.DEFAULT_CHECKPOINT_EVERY, paramLabel = "N",
            description = "batches between checkpoints (default ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--limit", defaultValue = "0", description = "use the first N images only (0: all)")
    int limit;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (required)")
    Path out;

    @Mixin
    DownloadOptionsMixin downloadOptions;

    @Override
    public Integer call() {
        if (modelOptions == null) {
            throw new VisorException("missing --model MODEL (a .onnx file, a TF.js/Keras directory, a .h5 file, zoo:NAME or builtin:NAME)");
        }
        if (out == null) {
            throw new VisorException("missing --out DIR (the output folder)");
        }
        if (layers == null || layers.isEmpty()) {
            throw new VisorException("give at least one --layer (see `visor layers --model ...` for the names)");
        }
        if (limit < 0) {
            throw new VisorException("--limit must be 0 (all) or positive, got " + limit);
        }
        TopSettings settings = TopSettings.defaults().withLayers(layers)
                .withUnits(units == null ? List.of() : dev.visor.job.UnitList.parse(units)).withK(k).withBatchSize(batchSize)
                .withPatches(patches).withShard(Shard.parse(shard)).withCheckpointEvery(checkpointEvery);
        dev.visor.report.OutputDir.prepare(out);
        downloadOptions.apply();
        Dataset d = Datasets.open(data, Split.TEST);
        Dataset set = limit > 0 ? d.head(limit) : d;
        try (Model m = modelOptions.load()) {
            layers.forEach(m::resolve);
            if (patches) {
                layers.forEach(l -> dev.visor.model.ReceptiveField.of(m, l));
            }
            TopResult r = TopJob.run(m, set, settings, new PassProgress("top " + String.join(",", layers)),
                    out.resolve(TopJob.CHECKPOINT)).withData(data);
            List<Path> pngs = TopWriter.write(r, set, m, out);
            System.out.printf("%d montages of %d images each under %s (shard %s; top.json merges with `visor top merge`)%n",
                    pngs.size(), settings.k(), out, settings.shard());
        }
        return 0;
    }
}
