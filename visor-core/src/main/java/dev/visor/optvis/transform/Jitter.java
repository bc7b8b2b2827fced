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
        int dy = ctx.random().nextInt(0, pixels);
        int dx = ctx.random().nextInt(0, pixels);
        return image.get(":, :, " + dy + ":" + (h - pixels + dy) + ", " + dx + ":" + (w - pixels + dx));
    }

    @Override
    public String describe() {
        return "jitter(" + pixels + ")";
    }
}
