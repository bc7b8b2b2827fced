package dev.visor.optvis.transform;

import ai.djl.ndarray.NDArray;

/** Random crop that is {@code pixels} smaller in each dimension (Lucid's jitter): a random shift of up to {@code pixels}. */
public record Jitter(int pixels) implements Transform {
    @Override
    public NDArray apply(NDArray image, TransformContext ctx) {
        if (pixels == 0) {
            return image;
        }
        long h = image.getShape().get(2);
        long w = image.getShape().get(3);
        int[] d = draw(ctx);
        return image.get(":, :, " + d[0] + ":" + (h - pixels + d[0]) + ", " + d[1] + ":" + (w - pixels + d[1]));
    }

    /** This step's offsets {dy, dx}, each in [0, pixels). */
    int[] draw(TransformContext ctx) {
        int dy = ctx.random().nextInt(0, pixels);
        int dx = ctx.random().nextInt(0, pixels);
        return new int[] {dy, dx};
    }

    @Override
    public String describe() {
        return "jitter(" + pixels + ")";
    }
}
