package dev.visor.top;

import dev.visor.VisorException;
import dev.visor.job.Shard;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of {@link TopJob} (dataset examples: the images that most excite each unit, as in the
 * dataset-example panels of OpenAI Microscope and of Olah et al. 2017). Start from {@link #defaults()}
 * and change fields with the withers; the job has no random choice, so there is no seed.
 *
 * @param layers          the layers whose units are ranked (at least one)
 * @param units           the units (channel indices) of every layer; empty: all units
 * @param k               examples kept per unit ({@link #DEFAULT_K}, a 3×3 montage)
 * @param batchSize       images per forward pass; batches are defined on the whole dataset, so this is part
 *                        of what shards and checkpoints must agree on ({@link #DEFAULT_BATCH_SIZE})
 * @param patches         write the receptive-field crop around each example's maximum instead of the whole image
 * @param shard           which batches this run takes ({@link Shard#ALL}: all)
 * @param checkpointEvery batches between checkpoints ({@link #DEFAULT_CHECKPOINT_EVERY})
 */
public record TopSettings(List<String> layers, List<Integer> units, int k, int batchSize, boolean patches, Shard shard,
                          int checkpointEvery) {
    /** Examples per unit: a 3×3 montage, as in Microscope. */
    public static final int DEFAULT_K = 9;
    /** Images per forward pass. */
    public static final int DEFAULT_BATCH_SIZE = 100;
    /** Batches between checkpoints. */
    public static final int DEFAULT_CHECKPOINT_EVERY = 20;

    /** Checks the values. */
    public TopSettings {
        layers = List.copyOf(layers);
        units = List.copyOf(units);
        if (k <= 0 || k > 1000) {
            throw new VisorException("k must be in 1..1000, got " + k);
        }
        if (batchSize <= 0) {
            throw new VisorException("batch size must be positive, got " + batchSize);
        }
        if (checkpointEvery <= 0) {
            throw new VisorException("checkpoint interval must be positive, got " + checkpointEvery);
        }
        for (int u : units) {
            if (u < 0) {
                throw new VisorException("units must be non-negative, got " + u);
            }
        }
    }

    /** No layers yet, all units, k = 9, batch 100, whole images, the whole dataset, a checkpoint every 20 batches. */
    public static TopSettings defaults() {
        return new TopSettings(List.of(), List.of(), DEFAULT_K, DEFAULT_BATCH_SIZE, false, Shard.ALL, DEFAULT_CHECKPOINT_EVERY);
    }

    /** These layers. */
    public TopSettings withLayers(List<String> l) {
        return new TopSettings(l, units, k, batchSize, patches, shard, checkpointEvery);
    }

    /** These layers. */
    public TopSettings withLayers(String... l) {
        return withLayers(List.of(l));
    }

    /** Only these units (empty: all). */
    public TopSettings withUnits(List<Integer> u) {
        return new TopSettings(layers, u, k, batchSize, patches, shard, checkpointEvery);
    }

    /** Examples per unit. */
    public TopSettings withK(int n) {
        return new TopSettings(layers, units, n, batchSize, patches, shard, checkpointEvery);
    }

    /** Images per forward pass. */
    public TopSettings withBatchSize(int b) {
        return new TopSettings(layers, units, k, b, patches, shard, checkpointEvery);
    }

    /** Receptive-field crops instead of whole images. */
    public TopSettings withPatches(boolean p) {
        return new TopSettings(layers, units, k, batchSize, p, shard, checkpointEvery);
    }

    /** This shard of the batches. */
    public TopSettings withShard(Shard s) {
        return new TopSettings(layers, units, k, batchSize, patches, s, checkpointEvery);
    }

    /** Batches between checkpoints. */
    public TopSettings withCheckpointEvery(int n) {
        return new TopSettings(layers, units, k, batchSize, patches, shard, n);
    }

    /** The units as an array, or null for all. */
    public int[] unitArray() {
        return units.isEmpty() ? null : units.stream().mapToInt(Integer::intValue).toArray();
    }

    /** For sidecars (the checkpoint interval does not change results and is left out). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layers", layers);
        m.put("units", units.isEmpty() ? "all" : units);
        m.put("k", k);
        m.put("batch_size", batchSize);
        m.put("patches", patches);
        m.put("shard", shard.toString());
        return m;
    }

    /** Reads {@link #toMap()} back. */
    @SuppressWarnings("unchecked")
    public static TopSettings fromMap(Map<String, Object> m) {
        Object u = m.get("units");
        List<Integer> units = u instanceof List<?> l ? (List<Integer>) l : List.of();
        return defaults().withLayers((List<String>) m.get("layers")).withUnits(units).withK(((Number) m.get("k")).intValue())
                .withBatchSize(((Number) m.get("batch_size")).intValue()).withPatches(Boolean.TRUE.equals(m.get("patches")))
                .withShard(Shard.parse(String.valueOf(m.get("shard"))));
    }
}
