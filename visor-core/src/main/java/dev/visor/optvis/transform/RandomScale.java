package dev.visor.optvis.transform;

import ai.djl.ndarray.NDArray;

/**
 * Zooms about the centre by a factor drawn uniformly from {@code steps} evenly spaced values in
 * [min, max] (Lucid: 0.90 to 1.10 in 11 values). Unlike Lucid the canvas keeps its size (zooming out
 * fills the border with grey): every step then feeds the model the same shape, which keeps
 * libtorch's per-shape kernel setup out of the loop.
 */
public record RandomScale(double min, double max, int steps) implements Transform {
    @Override
    public NDArray apply(NDArray image, TransformContext ctx) {
        int k = steps <= 1 ? 0 : ctx.random().nextInt(steps);
        double s = steps <= 1 ? min : min + (max - min) * k / (steps - 1);
        if (s == 1) {
            return image;
        }
        int h = (int) image.getShape().get(2);
        int w = (int) image.getShape().get(3);
        return Warp.affine(image, h, w, 1 / s, 0, 0, 1 / s, 0.5f);
    }

    @Override
    public String describe() {
        return "scale(" + min + "-" + max + ")";
    }
}
