package dev.visor.optvis.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Pads every side with a constant grey (Lucid: pad 12, value 0.5). */
public record Pad(int pixels, float value) implements Transform {
    @Override
    public NDArray apply(NDArray image, TransformContext ctx) {
        if (pixels == 0) {
            return image;
        }
        return image.pad(new Shape(pixels, pixels, pixels, pixels), value);
    }

    /**
     * This padding followed by {@code jitter}, as one uneven padding (the same values: the crop only removes grey
     * rows and columns). Draws the jitter's offsets exactly as the jitter would.
     */
    NDArray applyThen(Jitter jitter, NDArray image, TransformContext ctx) {
        int j = jitter.pixels();
        if (pixels == 0 || j == 0 || j > pixels) {
            return jitter.apply(apply(image, ctx), ctx);
        }
        int[] d = jitter.draw(ctx);
        // DJL's pad takes PyTorch's order: last dimension first (left, right, top, bottom).
        return image.pad(new Shape(pixels - d[1], pixels - j + d[1], pixels - d[0], pixels - j + d[0]), value);
    }

    @Override
    public String describe() {
        return "pad(" + pixels + ", " + value + ")";
    }
}
