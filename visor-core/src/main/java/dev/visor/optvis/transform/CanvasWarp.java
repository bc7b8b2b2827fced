package dev.visor.optvis.transform;

import ai.djl.ndarray.NDArray;

/**
 * A transform that resamples the canvas about its centre, keeping its size: one 2×2 matrix per step.
 * {@link Transforms#apply} runs consecutive canvas warps as one resampling with the product of their matrices
 * (one bilinear pass instead of several: less time, and no blur of interpolating twice).
 */
public interface CanvasWarp extends Transform {
    /**
     * Draws this step's matrix {@code {a, b, c, d}}: output pixel (x, y), relative to the centre, reads the input
     * at {@code (a·x + b·y, c·x + d·y)}; null for the identity.
     */
    double[] draw(TransformContext ctx);

    /** The value read outside the input. */
    default float fill() {
        return 0.5f;
    }

    @Override
    default NDArray apply(NDArray image, TransformContext ctx) {
        return warp(image, draw(ctx), fill());
    }

    /** Resamples with a drawn matrix (null: the image itself). */
    static NDArray warp(NDArray image, double[] m, float fill) {
        if (m == null) {
            return image;
        }
        int h = (int) image.getShape().get(2);
        int w = (int) image.getShape().get(3);
        return Warp.affine(image, h, w, m[0], m[1], m[2], m[3], fill);
    }

    /** The matrix of applying {@code first}, then {@code second} (either null for the identity). */
    static double[] then(double[] first, double[] second) {
        if (first == null) {
            return second;
        }
        if (second == null) {
            return first;
        }
        // out(p) = mid(M2·p) = in(M1·M2·p)
        return new double[] {
            first[0] * second[0] + first[1] * second[2], first[0] * second[1] + first[1] * second[3],
            first[2] * second[0] + first[3] * second[2], first[2] * second[1] + first[3] * second[3]};
    }
}
