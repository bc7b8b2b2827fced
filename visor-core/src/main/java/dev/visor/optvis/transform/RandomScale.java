package dev.visor.optvis.transform;

/**
 * Zooms about the centre by a factor drawn uniformly from {@code steps} evenly spaced values in
 * [min, max] (Lucid: 0.90 to 1.10 in 11 values). Unlike Lucid the canvas keeps its size (zooming out
 * fills the border with grey): every step then feeds the model the same shape, which keeps
 * libtorch's per-shape kernel setup out of the loop.
 */
public record RandomScale(double min, double max, int steps) implements CanvasWarp {
    @Override
    public double[] draw(TransformContext ctx) {
        int k = steps <= 1 ? 0 : ctx.random().nextInt(steps);
        double s = steps <= 1 ? min : min + (max - min) * k / (steps - 1);
        return s == 1 ? null : new double[] {1 / s, 0, 0, 1 / s};
    }

    @Override
    public String describe() {
        return "scale(" + min + "-" + max + ")";
    }
}
