package dev.visor.optvis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/** Differentiable image filters on NCHW batches, shared by penalties and per-step image operations. */
public final class Filters {
    private Filters() {}

    /**
     * Gaussian blur with standard deviation {@code sigma} pixels (separable, per channel). Borders are
     * normalised by the kernel mass inside the image, so a flat image stays flat up to its edges.
     */
    public static NDArray gaussianBlur(NDArray x, double sigma) {
        if (sigma <= 0) {
            return x;
        }
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * r + 1];
        double total = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            total += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) total;
        }
        long c = x.getShape().get(1);
        NDManager m = x.getManager();
        NDArray ones = m.ones(new Shape(1, 1, x.getShape().get(2), x.getShape().get(3)));
        NDArray mass = separable(ones, k, r, 1, m);
        return separable(x, k, r, c, m).div(mass);
    }

    private static NDArray separable(NDArray x, float[] k, int r, long c, NDManager m) {
        NDArray kh = m.create(k).reshape(1, 1, 1, k.length).repeat(0, c);
        NDArray kv = m.create(k).reshape(1, 1, k.length, 1).repeat(0, c);
        Shape one = new Shape(1, 1);
        NDArray h = Conv2d.conv2d(x, kh, null, one, new Shape(0, r), one, (int) c).singletonOrThrow();
        return Conv2d.conv2d(h, kv, null, one, new Shape(r, 0), one, (int) c).singletonOrThrow();
    }
}
