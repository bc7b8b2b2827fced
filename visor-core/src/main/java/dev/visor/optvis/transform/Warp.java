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
        long n = image.getShape().get(0);
        long ch = image.getShape().get(1);
        int inH = (int) image.getShape().get(2);
        int inW = (int) image.getShape().get(3);
        int count = outH * outW;
        int[] index = new int[4 * count]; // made int64 on the libtorch side: half the bytes to copy from Java
        float[] weight = new float[4 * count];
        float[] rest = new float[count];
        double ocx = (outW - 1) / 2.0;
        double ocy = (outH - 1) / 2.0;
        double icx = (inW - 1) / 2.0;
        double icy = (inH - 1) / 2.0;
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int p = y * outW + x;
                double sx = a * (x - ocx) + b * (y - ocy) + icx;
                double sy = c * (x - ocx) + d * (y - ocy) + icy;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                double total = 0;
                for (int k = 0; k < 4; k++) {
                    int xi = x0 + (k & 1);
                    int yi = y0 + (k >> 1);
                    double wgt = ((k & 1) == 1 ? fx : 1 - fx) * ((k >> 1) == 1 ? fy : 1 - fy);
                    if (xi >= 0 && xi < inW && yi >= 0 && yi < inH && wgt > 0) {
                        index[k * count + p] = yi * inW + xi;
                        weight[k * count + p] = (float) wgt;
                        total += wgt;
                    }
                }
                rest[p] = (float) (1 - total);
            }
        }
        NDManager m = image.getManager();
        NDArray flat = image.reshape(n, ch, (long) inH * inW);
        // torch.gather (backward: scatter-add) is several times faster than advanced indexing here.
        NDArray idx = m.create(index).toType(ai.djl.ndarray.types.DataType.INT64, false).reshape(1, 1, 4L * count)
                .broadcast(n, ch, 4L * count);
        NDArray picked = flat.gather(idx, 2).reshape(n, ch, 4, count);
        NDArray out = picked.mul(m.create(weight, new Shape(4, count))).sum(new int[] {2});
        if (fill != 0f) {
            out = out.add(m.create(rest).mul(fill));
        }
        return out.reshape(n, ch, outH, outW);
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
