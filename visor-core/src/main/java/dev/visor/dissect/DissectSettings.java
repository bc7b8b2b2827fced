package dev.visor.dissect;

import dev.visor.VisorException;
import dev.visor.job.Shard;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of {@link DissectJob} (network dissection, Bau et al. 2017). Start from {@link #defaults()} and change
 * fields with the withers. The job makes no random choice of its own (KLL's compaction is random; see {@link Thresholds}).
 *
 * @param layers          the layers to dissect (at least one)
 * @param quantile        the top quantile that sets T_k ({@link #DEFAULT_QUANTILE}, the paper's 0.005)
 * @param iou             a unit detects concept c when IoU_{k,c} exceeds this ({@link #DEFAULT_IOU}, the paper's 0.04)
 * @param sketchK         KLL size parameter of pass 1 ({@link #DEFAULT_SKETCH_K})
 * @param topImages       images per unit in the report ({@link #DEFAULT_TOP_IMAGES})
 * @param batchSize       images per forward pass; part of what shards and checkpoints must agree on
 * @param shard           which batches pass 2 takes
 * @param checkpointEvery batches between checkpoints
 * @param upsampling      how pass 2 places feature maps on the masks ({@link Upsampling#BILINEAR} by default)
 */
public record DissectSettings(List<String> layers, double quantile, double iou, int sketchK, int topImages, int batchSize, Shard shard,
                              int checkpointEvery, Upsampling upsampling) {
    /** The paper's top quantile for T_k. */
    public static final double DEFAULT_QUANTILE = 0.005;
    /** The paper's IoU above which a unit is a detector. */
    public static final double DEFAULT_IOU = 0.04;
    /**
     * KLL's normalised rank error is about 2.3/k^0.97 (1.3 % at DataSketches' default k = 200, more than the 0.5 %
     * quantile itself); k = 4000 brings it to about 0.07 %, i.e. a mask area within ~15 % of the quantile's, for
     * ~48 KB per unit.
     */
    public static final int DEFAULT_SKETCH_K = 4000;
    /** Images per unit in the report. */
    public static final int DEFAULT_TOP_IMAGES = 4;
    /** Images per forward pass. */
    public static final int DEFAULT_BATCH_SIZE = 50;
    /** Batches between checkpoints. */
    public static final int DEFAULT_CHECKPOINT_EVERY = 20;

    /** Checks the values. */
    public DissectSettings {
        layers = List.copyOf(layers);
        if (!(quantile > 0 && quantile < 1)) {
            throw new VisorException("--quantile must be in (0, 1), got " + quantile);
        }
        if (!(iou >= 0 && iou < 1)) {
            throw new VisorException("--iou must be in [0, 1), got " + iou);
        }
        if (sketchK < 8 || sketchK > 65535) {
            throw new VisorException("--sketch-k must be in 8..65535, got " + sketchK);
        }
        if (topImages < 0 || topImages > 100) {
            throw new VisorException("--top must be in 0..100, got " + topImages);
        }
        if (upsampling == null) {
            throw new VisorException("upsampling must be given (" + Upsampling.BILINEAR.flag() + " or " + Upsampling.RECEPTIVE_FIELD.flag() + ")");
        }
        if (batchSize <= 0 || checkpointEvery <= 0) {
            throw new VisorException("batch size and checkpoint interval must be positive, got " + batchSize + " and " + checkpointEvery);
        }
    }

    /** No layers yet, the paper's quantile and IoU, k = 4000, 4 images per unit, batch 50, the whole set. */
    public static DissectSettings defaults() {
        return new DissectSettings(List.of(), DEFAULT_QUANTILE, DEFAULT_IOU, DEFAULT_SKETCH_K, DEFAULT_TOP_IMAGES, DEFAULT_BATCH_SIZE,
                Shard.ALL, DEFAULT_CHECKPOINT_EVERY, Upsampling.BILINEAR);
    }

    /** These layers. */
    public DissectSettings withLayers(List<String> l) {
        return new DissectSettings(l, quantile, iou, sketchK, topImages, batchSize, shard, checkpointEvery, upsampling);
    }

    /** These layers. */
    public DissectSettings withLayers(String... l) {
        return withLayers(List.of(l));
    }

    /** This top quantile. */
    public DissectSettings withQuantile(double q) {
        return new DissectSettings(layers, q, iou, sketchK, topImages, batchSize, shard, checkpointEvery, upsampling);
    }

    /** This detector IoU. */
    public DissectSettings withIou(double v) {
        return new DissectSettings(layers, quantile, v, sketchK, topImages, batchSize, shard, checkpointEvery, upsampling);
    }

    /** This KLL size parameter. */
    public DissectSettings withSketchK(int k) {
        return new DissectSettings(layers, quantile, iou, k, topImages, batchSize, shard, checkpointEvery, upsampling);
    }

    /** Images per unit in the report. */
    public DissectSettings withTopImages(int n) {
        return new DissectSettings(layers, quantile, iou, sketchK, n, batchSize, shard, checkpointEvery, upsampling);
    }

    /** Images per forward pass. */
    public DissectSettings withBatchSize(int b) {
        return new DissectSettings(layers, quantile, iou, sketchK, topImages, b, shard, checkpointEvery, upsampling);
    }

    /** This shard of pass 2. */
    public DissectSettings withShard(Shard s) {
        return new DissectSettings(layers, quantile, iou, sketchK, topImages, batchSize, s, checkpointEvery, upsampling);
    }

    /** Batches between checkpoints. */
    public DissectSettings withCheckpointEvery(int n) {
        return new DissectSettings(layers, quantile, iou, sketchK, topImages, batchSize, shard, n, upsampling);
    }

    /** This way of upsampling maps onto masks. */
    public DissectSettings withUpsampling(Upsampling u) {
        return new DissectSettings(layers, quantile, iou, sketchK, topImages, batchSize, shard, checkpointEvery, u);
    }

    /** For sidecars (the checkpoint interval does not change results and is left out). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layers", layers);
        m.put("quantile", quantile);
        m.put("iou", iou);
        m.put("sketch_k", sketchK);
        m.put("top_images", topImages);
        m.put("batch_size", batchSize);
        m.put("shard", shard.toString());
        m.put("upsampling", upsampling.flag());
        return m;
    }

    /** Reads {@link #toMap()} back. */
    @SuppressWarnings("unchecked")
    public static DissectSettings fromMap(Map<String, Object> m) {
        return defaults().withLayers((List<String>) m.get("layers")).withQuantile(((Number) m.get("quantile")).doubleValue())
                .withIou(((Number) m.get("iou")).doubleValue()).withSketchK(((Number) m.get("sketch_k")).intValue())
                .withTopImages(((Number) m.get("top_images")).intValue()).withBatchSize(((Number) m.get("batch_size")).intValue())
                .withShard(Shard.parse(String.valueOf(m.get("shard"))))
                .withUpsampling(Upsampling.parse(String.valueOf(m.getOrDefault("upsampling", Upsampling.BILINEAR.flag()))));
    }
}
