package dev.visor.optvis.transform;

import ai.djl.ndarray.NDArray;

/**
 * Makes the batch the size a fixed-size model needs: a centre crop when larger, a bilinear
 * upscale when smaller. A dimension of 0 or less means the model takes any size (left alone).
 */
public record FitToModel(int height, int width) implements Transform {
    @Override
    public NDArray apply(NDArray image, TransformContext ctx) {
        int h = (int) image.getShape().get(2);
        int w = (int) image.getShape().get(3);
        int th = height > 0 ? height : h;
        int tw = width > 0 ? width : w;
        if (h == th && w == tw) {
            return image;
        }
        if (crops(h, w)) {
            int[] c = window(h, w);
            return image.get(":, :, " + c[0] + ":" + (c[0] + c[2]) + ", " + c[1] + ":" + (c[1] + c[3]));
        }
        return Warp.resize(image, th, tw);
    }

    /** Whether an {@code h}×{@code w} canvas is fitted by a crop (or left alone) rather than upscaled. */
    boolean crops(int h, int w) {
        return (height <= 0 || h >= height) && (width <= 0 || w >= width);
    }

    /** The centre window {y0, x0, height, width} that fits an {@code h}×{@code w} canvas (when it {@link #crops}). */
    int[] window(int h, int w) {
        int th = height > 0 ? height : h;
        int tw = width > 0 ? width : w;
        return new int[] {(h - th) / 2, (w - tw) / 2, th, tw};
    }

    @Override
    public String describe() {
        return "fit(" + height + "x" + width + ")";
    }
}
