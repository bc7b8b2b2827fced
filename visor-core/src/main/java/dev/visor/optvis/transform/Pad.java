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

    @Override
    public String describe() {
        return "pad(" + pixels + ", " + value + ")";
    }
}
