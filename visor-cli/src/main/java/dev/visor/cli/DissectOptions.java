package dev.visor.cli;

import dev.visor.dissect.DissectSettings;
import dev.visor.dissect.Upsampling;
import java.util.List;
import picocli.CommandLine.Option;

/** The dissection settings flags, shared by {@code visor dissect} and {@code visor spark dissect}. */
public final class DissectOptions {
    @Option(names = "--quantile", defaultValue = "" + DissectSettings.DEFAULT_QUANTILE, description = "top quantile for T_k (default ${DEFAULT-VALUE})")
    double quantile;

    @Option(names = "--iou", defaultValue = "" + DissectSettings.DEFAULT_IOU, description = "detector IoU (default ${DEFAULT-VALUE})")
    double iou;

    @Option(names = "--sketch-k", defaultValue = "" + DissectSettings.DEFAULT_SKETCH_K, description = "KLL size parameter (default ${DEFAULT-VALUE})")
    int sketchK;

    @Option(names = "--top", defaultValue = "" + DissectSettings.DEFAULT_TOP_IMAGES, description = "images per unit in the report (default ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--batch-size", defaultValue = "" + DissectSettings.DEFAULT_BATCH_SIZE, description = "images per forward pass (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--upsample", defaultValue = "bilinear", paramLabel = "HOW",
            description = "placing maps on masks: bilinear (over the whole image) or receptive-field (between the units'"
                    + " field centres) (default ${DEFAULT-VALUE})")
    String upsample;

    /** The settings these flags give for {@code layers} (the whole set; a shard is the caller's). */
    public DissectSettings settings(List<String> layers) {
        return DissectSettings.defaults().withLayers(layers).withQuantile(quantile).withIou(iou).withSketchK(sketchK)
                .withTopImages(top).withBatchSize(batchSize).withUpsampling(Upsampling.parse(upsample));
    }
}
