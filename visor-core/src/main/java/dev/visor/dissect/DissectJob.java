package dev.visor.dissect;

import dev.visor.VisorException;
import dev.visor.job.Shard;
import dev.visor.model.Model;
import dev.visor.stats.DatasetPass;
import dev.visor.stats.PassListener;
import dev.visor.stats.Quantiles;
import dev.visor.stats.TopK;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Network dissection (Bau et al. 2017) as two streaming {@link DatasetPass}es over a Broden-format probe set.
 * Pass 1 ({@link #thresholds}): per unit a KLL sketch of its activations at every position of every image, read as
 * T_k with P(a_k > T_k) = quantile. Pass 2 ({@link #tally}): each map upsampled to the mask size, binarised at
 * T_k and scored against every concept's masks in exact integer {@link IouTally tallies}, beside the unit's
 * top images ({@link TopK}) for the report. Memory is flat in the image count (sketches and tallies are
 * fixed-size). Pass 2 is shardable ({@link DissectSettings#shard()}, merged exactly by
 * {@link DissectResult#merge}) and both passes resume from their checkpoints; pass 1 runs once, unsharded,
 * and its {@link Thresholds} file is what every pass-2 shard reads, so shards agree on T_k bit for bit.
 */
public final class DissectJob {
    /** Pass 1's checkpoint inside an output folder. */
    public static final String QUANTILES_CHECKPOINT = "quantiles.checkpoint.json";
    /** Pass 2's checkpoint inside an output folder. */
    public static final String TALLY_CHECKPOINT = "tally.checkpoint.json";

    private DissectJob() {}

    /** Both passes, checkpointing into {@code dir} (null: no checkpoints). */
    public static DissectResult run(Model model, ProbeSet probe, DissectSettings settings, PassListener listener, Path dir) {
        if (settings.shard().count() > 1) {
            throw new VisorException("a sharded dissection needs the thresholds of one pass 1: run it first with --thresholds-only"
                    + " and give every shard that file with --thresholds");
        }
        Thresholds t = thresholds(model, probe, settings, listener, dir == null ? null : dir.resolve(QUANTILES_CHECKPOINT));
        if (dir != null) {
            t.write(dir);
        }
        return tally(model, probe, settings, t, listener, dir == null ? null : dir.resolve(TALLY_CHECKPOINT));
    }

    /** Pass 1: the thresholds T_k of every unit of the settings' layers, over the whole probe set. */
    public static Thresholds thresholds(Model model, ProbeSet probe, DissectSettings settings, PassListener listener, Path checkpoint) {
        Map<String, Quantiles> sketches = sketches(model, probe, settings.withShard(Shard.ALL), listener, checkpoint);
        return Thresholds.of(model.source(), probe.root().toString(), settings.quantile(), sketches);
    }

    /**
     * Pass 1 over the settings' shard only: per layer the KLL sketch of every unit's activations at every position of
     * the shard's images. The sketches of all shards, merged ({@link Quantiles#merge}), give {@link Thresholds#of}
     * thresholds within the sketch's rank error of one pass's, but not bit-equal ones (KLL compacts at random), unless
     * {@code sketchK} exceeds the values a unit sees (then no compaction happens and they are exact).
     */
    public static Map<String, Quantiles> sketches(Model model, ProbeSet probe, DissectSettings settings, PassListener listener,
                                                  Path checkpoint) {
        check(model, settings);
        DatasetPass pass = DatasetPass.of(model, probe).layers(settings.layers()).statistics(Quantiles.mapSpec(settings.sketchK()))
                .batchSize(settings.batchSize()).shard(settings.shard()).listener(listener == null ? PassListener.NONE : listener);
        if (checkpoint != null) {
            pass.checkpoint(checkpoint, settings.checkpointEvery());
        }
        DatasetPass.Result r = pass.run();
        Map<String, Quantiles> sketches = new LinkedHashMap<>();
        for (String layer : settings.layers()) {
            sketches.put(layer, r.statistics().get(layer, Quantiles.class));
        }
        return sketches;
    }

    /** Pass 2 over the settings' shard: IoU tallies at the given thresholds, and each unit's top images. */
    public static DissectResult tally(Model model, ProbeSet probe, DissectSettings settings, Thresholds thresholds, PassListener listener,
                                      Path checkpoint) {
        check(model, settings);
        if (Math.abs(thresholds.quantile() - settings.quantile()) > 1e-12) {
            throw new VisorException("the thresholds were made for quantile " + thresholds.quantile() + ", not " + settings.quantile());
        }
        Concepts concepts = Concepts.of(probe);
        DatasetPass pass = DatasetPass.of(model, probe).layers(settings.layers())
                .statistics(IouTally.spec(thresholds, concepts, cache(probe, 2 * settings.batchSize()),
                                layer -> settings.upsampling().forLayer(model, layer)),
                        TopK.spec(Math.max(1, settings.topImages())))
                .batchSize(settings.batchSize()).shard(settings.shard()).listener(listener == null ? PassListener.NONE : listener);
        if (checkpoint != null) {
            pass.checkpoint(checkpoint, settings.checkpointEvery());
        }
        DatasetPass.Result r = pass.run();
        return new DissectResult(model.source(), probe.root().toString(), probe.size(), settings, thresholds.digest(), 1, r.statistics());
    }

    private static void check(Model model, DissectSettings settings) {
        if (settings.layers().isEmpty()) {
            throw new VisorException("dissect needs at least one --layer; valid: " + String.join(", ", model.layerNames()));
        }
        settings.layers().forEach(model::resolve);
    }

    /** The probe's masks, the last {@code keep} images kept decoded (every layer of a batch reads the same images). */
    private static IntFunction<ProbeMasks> cache(ProbeSet probe, int keep) {
        Map<Integer, ProbeMasks> lru = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, ProbeMasks> e) {
                return size() > keep;
            }
        };
        return i -> lru.computeIfAbsent(i, probe::masks);
    }

    /** The shard of a settings record, for messages. */
    static String shardOf(DissectSettings s) {
        return s.shard() == Shard.ALL ? "all" : s.shard().toString();
    }
}
