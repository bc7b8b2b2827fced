package dev.visor.optvis.transform;

import ai.djl.ndarray.NDArray;

/**
 * Multifaceted FV's centre-biased crop (REFERENCE.md §2): a {@code height}×{@code width} window whose
 * offset from the centre is drawn from a Gaussian whose spread shrinks linearly from
 * {@code spreadStart} to {@code spreadEnd} pixels over the run, so early steps see the whole canvas
 * and later steps concentrate on its centre.
 */
public record CenterBiasedCrop(int height, int width, double spreadStart, double spreadEnd) implements Transform {
    @Override
    public NDArray apply(NDArray image, TransformContext ctx) {
        int h = (int) image.getShape().get(2);
        int w = (int) image.getShape().get(3);
        int ch = Math.min(height, h);
        int cw = Math.min(width, w);
        double f = ctx.steps() <= 1 ? 0 : ctx.step() / (double) (ctx.steps() - 1);
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
        return "center-crop(" + height + "x" + width + ", spread " + spreadStart + "→" + spreadEnd + ")";
    }
}
