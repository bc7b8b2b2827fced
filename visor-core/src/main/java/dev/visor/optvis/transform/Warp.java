package dev.visor.optvis.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Bilinear affine resampling of an NCHW batch, differentiable (one gather of the four neighbours of
 * every output pixel). DJL has no grid_sample; sampling positions are computed here on the Java side.
 */
public final class Warp {
    private Warp() {}

    /**
     * Resamples to {@code outH}×{@code outW}. Output pixel (x, y), taken relative to the output's
     * centre, reads the input at {@code (a·x + b·y, c·x + d·y)} relative to the input's centre.
     * Samples outside the input read {@code fill}.
     */
    public static NDArray affine(NDArray image, int outH, int outW, double a, double b, double c, double d, float fill) {
        int inH = (int) image.getShape().get(2);
        int inW = (int) image.getShape().get(3);
        return sample(image, outH, outW, new double[] {a, b, c, d}, (outW - 1) / 2.0, (outH - 1) / 2.0, (inW - 1) / 2.0,
                (inH - 1) / 2.0, fill);
    }

    /**
     * Resamples to {@code outH}×{@code outW}: output pixel p = (x, y) reads the input at
     * {@code m·(p − (ox, oy)) + (ix, iy)} (pixel coordinates, {@code m = {a, b, c, d}} row-major), bilinearly;
     * samples outside the input read {@code fill}.
     */
    static NDArray sample(NDArray image, int outH, int outW, double[] m, double ox, double oy, double ix, double iy,
                          float fill) {
        long n = image.getShape().get(0);
        long ch = image.getShape().get(1);
        int inH = (int) image.getShape().get(2);
        int inW = (int) image.getShape().get(3);
        // Sampled from the input with a one-pixel border of fill, positions clamped to the border: every
        // neighbour is then a real pixel, so one base index per output pixel and no masks or fill term.
        int pw = inW + 2;
        int count = outH * outW;
        // Written straight into native-order direct buffers, which libtorch then uses without a copy.
        java.nio.ByteBuffer baseBytes = java.nio.ByteBuffer.allocateDirect(8 * count).order(java.nio.ByteOrder.nativeOrder());
        java.nio.ByteBuffer weightBytes = java.nio.ByteBuffer.allocateDirect(16 * count).order(java.nio.ByteOrder.nativeOrder());
        java.nio.LongBuffer base = baseBytes.asLongBuffer();
        java.nio.FloatBuffer weight = weightBytes.asFloatBuffer();
        double a = m[0];
        double b = m[1];
        double c = m[2];
        double d = m[3];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int p = y * outW + x;
                double sx = a * (x - ox) + b * (y - oy) + ix + 1;
                double sy = c * (x - ox) + d * (y - oy) + iy + 1;
                sx = Math.min(Math.max(sx, 0), inW + 1);
                sy = Math.min(Math.max(sy, 0), inH + 1);
                int x0 = Math.min((int) sx, inW);
                int y0 = Math.min((int) sy, inH);
                double fx = sx - x0;
                double fy = sy - y0;
                base.put(p, (long) y0 * pw + x0);
                weight.put(p, (float) ((1 - fx) * (1 - fy)));
                weight.put(count + p, (float) (fx * (1 - fy)));
                weight.put(2 * count + p, (float) ((1 - fx) * fy));
                weight.put(3 * count + p, (float) (fx * fy));
            }
        }
        NDManager mm = image.getManager();
        NDArray flat = image.pad(new Shape(1, 1, 1, 1), fill).reshape(n, ch, (long) (inH + 2) * pw);
        NDArray neighbours = mm.create(new long[] {0, 1, pw, pw + 1}, new Shape(4, 1));
        NDArray idx = neighbours.add(mm.create(baseBytes, new Shape(1, count), ai.djl.ndarray.types.DataType.INT64))
                .reshape(1, 1, 4L * count).broadcast(n, ch, 4L * count);
        // torch.gather (backward: scatter-add) is several times faster than advanced indexing here.
        NDArray picked = flat.gather(idx, 2).reshape(n, ch, 4, count);
        NDArray w = mm.create(weightBytes, new Shape(4, count), ai.djl.ndarray.types.DataType.FLOAT32);
        return picked.mul(w).sum(new int[] {2}).reshape(n, ch, outH, outW);
    }

    /** Bilinear resize to {@code outH}×{@code outW} (corners aligned to the pixel-centre grid). */
    public static NDArray resize(NDArray image, int outH, int outW) {
        int inH = (int) image.getShape().get(2);
        int inW = (int) image.getShape().get(3);
        if (inH == outH && inW == outW) {
            return image;
        }
        double sx = outW > 1 ? (inW - 1) / (double) (outW - 1) : 1;
        double sy = outH > 1 ? (inH - 1) / (double) (outH - 1) : 1;
        return affine(image, outH, outW, sx, 0, 0, sy, 0f);
    }
}
