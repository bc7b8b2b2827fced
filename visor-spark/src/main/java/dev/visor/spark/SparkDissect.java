package dev.visor.spark;

import dev.visor.VisorException;
import dev.visor.dissect.DissectJob;
import dev.visor.dissect.DissectResult;
import dev.visor.dissect.DissectSettings;
import dev.visor.dissect.DissectWriter;
import dev.visor.dissect.ProbeSet;
import dev.visor.dissect.Thresholds;
import dev.visor.job.Shard;
import dev.visor.model.Model;
import dev.visor.report.Sidecar;
import dev.visor.stats.PassListener;
import dev.visor.stats.Quantiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * {@code dissect} on Spark. Pass 1 (the thresholds T_k) runs as one task over the whole probe set, because KLL
 * sketches merged from shards are not bit-equal to one pass (see {@link Thresholds}); it is skipped when
 * {@code thresholds.json} is given or already in the output folder. With {@code shardedPass1} it runs on n tasks
 * instead ({@link DissectJob#sketches} of shard p/n), their sketches merged on the driver ({@link Quantiles#merge}):
 * thresholds within KLL's rank error of one pass's, for a pass 1 that scales with the executors. Pass 2 runs as n tasks, partition p taking shard
 * p/n ({@link DissectJob#tally}) at those thresholds, read by every task from {@code out/thresholds.json}; the driver
 * merges the integer tallies and top images exactly ({@link DissectResult#merge}) and writes the report
 * ({@link DissectWriter}). Reruns skip finished partitions and resume the others from their checkpoints.
 */
public final class SparkDissect {
    private SparkDissect() {}

    /**
     * A run: the merged result, and the wall time of each pass's Spark job (0 for a pass skipped).
     *
     * @param result        the merged pass-2 result (written to the output folder)
     * @param pass1Seconds  pass 1's job (one task)
     * @param pass2Seconds  pass 2's job (all partitions)
     * @param partitions    pass-2 partitions
     */
    public record Run(DissectResult result, double pass1Seconds, double pass2Seconds, int partitions) {}

    /**
     * Runs the job.
     *
     * @param thresholds a pass-1 thresholds file to use, or null to run pass 1 (or reuse the output folder's)
     * @param partitions   pass-2 tasks (and pass-1 tasks when sharded)
     * @param shardedPass1 run pass 1 on the partitions too and merge their sketches
     */
    public static Run run(JavaSparkContext sc, ModelSpec spec, Path probe, DissectSettings settings, Path thresholds,
                          int partitions, boolean shardedPass1, Path out) {
        if (partitions < 1) {
            throw new VisorException("--partitions must be at least 1, got " + partitions);
        }
        dev.visor.report.OutputDir.prepare(out);
        Model model = ExecutorModels.get(spec);
        settings.layers().forEach(model::resolve);
        ProbeSet set = ProbeSet.open(probe);
        Path shared = out.resolve(Thresholds.FILE);
        if (thresholds != null) {
            Thresholds given = Thresholds.read(thresholds);
            if (!Files.isRegularFile(shared) || !Thresholds.read(shared).digest().equals(given.digest())) {
                given.write(out);
            }
        }
        int batches = (set.size() + settings.batchSize() - 1) / settings.batchSize();
        int n = Math.max(1, Math.min(partitions, batches));
        long t0 = System.nanoTime();
        if (thresholds == null && !Files.isRegularFile(shared)) {
            if (shardedPass1) {
                Job pass1 = new Job(spec, probe.toString(), settings.toMap(), settings.checkpointEvery(), n, out.toString(), Pass.SKETCH);
                Map<String, Quantiles> merged = new LinkedHashMap<>();
                for (String d : sc.parallelize(Parts.range(n), n).map(pass1).collect()) {
                    JsonNode part = readJson(Path.of(d).resolve(SKETCHES));
                    for (String layer : settings.layers()) {
                        Quantiles q = Quantiles.fromJson(part.path(layer));
                        if (merged.containsKey(layer)) {
                            merged.get(layer).merge(q);
                        } else {
                            merged.put(layer, q);
                        }
                    }
                }
                Thresholds.of(model.source(), set.root().toString(), settings.quantile(), merged).write(out);
            } else {
                Job pass1 = new Job(spec, probe.toString(), settings.toMap(), settings.checkpointEvery(), 1, out.toString(), Pass.THRESHOLDS);
                sc.parallelize(List.of(0), 1).map(pass1).collect();
            }
        }
        long t1 = System.nanoTime();
        Job pass2 = new Job(spec, probe.toString(), settings.toMap(), settings.checkpointEvery(), n, out.toString(), Pass.TALLY);
        List<String> dirs = sc.parallelize(Parts.range(n), n).map(pass2).collect();
        long t2 = System.nanoTime();
        List<DissectResult> parts = new ArrayList<>();
        for (String d : dirs) {
            parts.add(DissectResult.read(Path.of(d)));
        }
        DissectResult merged = DissectResult.merge(parts);
        DissectWriter.write(merged, set, model, out);
        return new Run(merged, (t1 - t0) / 1e9, (t2 - t1) / 1e9, n);
    }

    /** File of a sharded pass-1 task's sketches inside its folder. */
    static final String SKETCHES = "sketches.json";

    /** What a task runs. */
    enum Pass { THRESHOLDS, SKETCH, TALLY }

    private static JsonNode readJson(Path f) {
        try {
            return new ObjectMapper().readTree(f.toFile());
        } catch (IOException e) {
            throw new VisorException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** A task: pass 1 over everything, pass 1 over shard p/n (its sketches), or shard p/n of pass 2. */
    record Job(ModelSpec spec, String probe, Map<String, Object> settings, int checkpointEvery, int n, String out, Pass pass)
            implements Function<Integer, String>, Serializable {
        @Override
        public String call(Integer p) {
            Path folder = Path.of(out);
            Model model = ExecutorModels.get(spec);
            ProbeSet set = ProbeSet.open(Path.of(probe));
            DissectSettings s = DissectSettings.fromMap(settings).withCheckpointEvery(checkpointEvery);
            PassListener hook = FailureHook.pass();
            if (pass == Pass.THRESHOLDS) {
                return DissectJob.thresholds(model, set, s, hook, folder.resolve(DissectJob.QUANTILES_CHECKPOINT)).write(folder).toString();
            }
            Path dir = Parts.dir(folder, pass == Pass.SKETCH ? "sketch" : "dissect", p, n);
            if (pass == Pass.SKETCH) {
                if (!Files.isRegularFile(dir.resolve(SKETCHES))) {
                    Map<String, Quantiles> q = DissectJob.sketches(model, set, s.withShard(new Shard(p, n)), hook,
                            dir.resolve(DissectJob.QUANTILES_CHECKPOINT));
                    ObjectNode o = JsonNodeFactory.instance.objectNode();
                    q.forEach((layer, sketch) -> o.set(layer, sketch.toJson()));
                    Sidecar.write(dir.resolve(SKETCHES), o);
                }
                return dir.toString();
            }
            if (Files.isRegularFile(dir.resolve(DissectResult.FILE))) {
                return dir.toString();
            }
            DissectResult r = DissectJob.tally(model, set, s.withShard(new Shard(p, n)), Thresholds.read(folder.resolve(Thresholds.FILE)),
                    hook, dir.resolve(DissectJob.TALLY_CHECKPOINT));
            r.write(dir);
            return dir.toString();
        }
    }
}
