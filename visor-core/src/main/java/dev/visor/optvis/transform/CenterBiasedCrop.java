package dev.visor.optvis.transform;

import ai.djl.ndarray.NDArray;

/**
 * Multifaceted FV's centre-biased crop (Nguyen et al. 2016, REFERENCE.md §2): a {@code height}×{@code width}
 * window whose offset from the centre is drawn per step as (dy, dx) ~ N(0, σ_t²), σ_t shrinking linearly
 * from {@code spreadStart} to {@code spreadEnd} pixels over steps 0 … {@code untilStep} − 1 (or the whole
 * run), clamped to the canvas; the renderer then fits the crop to the model's input. Early steps thus
 * see windows all over the canvas and later ones its centre, which draws one centred object rather than
 * repeated fragments. From {@code untilStep} on the whole canvas passes unchanged (the gradient window,
 * {@link dev.visor.optvis.step.GradientWindow}, takes over the centre bias).
 */
public record CenterBiasedCrop(int height, int width, double spreadStart, double spreadEnd, int untilStep) implements Transform {
    /** Crops on every step of the run. */
    public CenterBiasedCrop(int height, int width, double spreadStart, double spreadEnd) {
        this(height, width, spreadStart, spreadEnd, Integer.MAX_VALUE);
    }

    @Override
    public NDArray apply(NDArray image, TransformContext ctx) {
        if (ctx.step() >= untilStep) {
            return image;
        }
        int h = (int) image.getShape().get(2);
        int w = (int) image.getShape().get(3);
        int ch = Math.min(height, h);
        int cw = Math.min(width, w);
        int span = Math.min(ctx.steps(), untilStep);
        double f = span <= 1 ? 0 : ctx.step() / (double) (span - 1);
        double spread = spreadStart + (spreadEnd - spreadStart) * f;
        java.util.Random r = ctx.random().asRandom();
        int dy = clamp((h - ch) / 2 + (int) Math.round(r.nextGaussian() * spread), 0, h - ch);
        int dx = clamp((w - cw) / 2 + (int) Math.round(r.nextGaussian() * spread), 0, w - cw);
        return image.get(":, :, " + dy + ":" + (dy + ch) + ", " + dx + ":" + (dx + cw));
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    @Override
    public String describe() {
        return "center-crop(" + height + "x" + width + ", spread " + spreadStart + "→" + spreadEnd
                + (untilStep == Integer.MAX_VALUE ? "" : ", until step " + untilStep) + ")";
    }
}
