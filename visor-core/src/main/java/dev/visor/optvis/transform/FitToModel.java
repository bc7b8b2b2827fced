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
        NDArray x = image;
        if (h >= th && w >= tw) {
            int dy = (h - th) / 2;
            int dx = (w - tw) / 2;
            return x.get(":, :, " + dy + ":" + (dy + th) + ", " + dx + ":" + (dx + tw));
        }
        return Warp.resize(x, th, tw);
    }

    @Override
    public String describe() {
        return "fit(" + height + "x" + width + ")";
    }
}
