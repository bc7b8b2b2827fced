package dev.visor.optvis.transform;

import ai.djl.ndarray.NDArray;

/**
 * Rotates about the centre by a whole number of degrees drawn from [−max, max] plus
 * {@code extraZeros} extra chances of no rotation (Lucid: {@code range(-10, 11) + 5 * [0]});
 * corners fill with grey.
 */
public record RandomRotate(int maxDegrees, int extraZeros) implements Transform {
    /** Lucid's weighting: five extra zeros. */
    public RandomRotate(int maxDegrees) {
        this(maxDegrees, 5);
    }

    @Override
    public NDArray apply(NDArray image, TransformContext ctx) {
        if (maxDegrees == 0) {
            return image;
        }
        int k = ctx.random().nextInt(2 * maxDegrees + 1 + extraZeros);
        int deg = k <= 2 * maxDegrees ? k - maxDegrees : 0;
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
