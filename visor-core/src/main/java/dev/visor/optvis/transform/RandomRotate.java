package dev.visor.optvis.transform;

import ai.djl.ndarray.NDArray;

/** Rotates about the centre by a whole number of degrees drawn uniformly from [−max, max]; corners fill with grey. */
public record RandomRotate(int maxDegrees) implements Transform {
    @Override
    public NDArray apply(NDArray image, TransformContext ctx) {
        if (maxDegrees == 0) {
            return image;
        }
        int deg = ctx.random().nextInt(-maxDegrees, maxDegrees);
        if (deg == 0) {
            return image;
        }
        double t = Math.toRadians(deg);
        double cos = Math.cos(t);
        double sin = Math.sin(t);
        int h = (int) image.getShape().get(2);
        int w = (int) image.getShape().get(3);
        // Inverse rotation: the output pixel reads the input rotated back.
        return Warp.affine(image, h, w, cos, sin, -sin, cos, 0.5f);
    }

    @Override
    public String describe() {
        return "rotate(±" + maxDegrees + ")";
    }
}
