package dev.visor.ppgn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.visor.data.Images;
import dev.visor.model.InputSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Inpainting masks for {@link PpgnJob#inpaint}: (1, 1, H, W) at the classifier's input, 1 for known pixels, 0 in the patch;
 * and the diffusion fill of a patch that starts the chains.
 */
public final class InpaintMask {
    /** The default patch side at 28 px (the paper's 100 px at 227 px scaled to its 10 × 10 at Fashion-MNIST's size). */
    public static final int SIDE_AT_28 = 10;

    private InpaintMask() {}

    /** A centred square patch of {@link #SIDE_AT_28} pixels scaled to the input's height. */
    public static NDArray centred(NDManager m, InputSpec spec) {
        int h = spec.height();
        int w = spec.width();
        int side = Math.max(1, Math.round((float) SIDE_AT_28 * h / 28f));
        float[] v = new float[h * w];
        Arrays.fill(v, 1f);
        int y0 = (h - side) / 2;
        int x0 = (w - side) / 2;
        for (int y = y0; y < y0 + side; y++) {
            for (int x = x0; x < x0 + side; x++) {
                v[y * w + x] = 0f;
            }
        }
        return m.create(v, new Shape(1, 1, h, w));
    }

    /** Iterations of {@link #diffusionFill}: enough for a 10 × 10 patch to settle; more change it by well under 1/255. */
    public static final int DIFFUSION_STEPS = 500;

    /**
     * Images (N, C, H, W) with the patch filled by diffusion from its border: the patch starts at the mean of each
     * image's known pixels, then {@link #DIFFUSION_STEPS} times every patch pixel becomes the mean of its 4 neighbours
     * (edges replicated). Known pixels stay.
     *
     * @param x    images in [0, 1]
     * @param mask 1 for known pixels, 0 in the patch (N or 1, 1, H, W)
     */
    public static NDArray diffusionFill(NDArray x, NDArray mask) {
        long[] d = x.getShape().getShape();
        int n = (int) d[0];
        int planes = (int) (d[0] * d[1]);
        int h = (int) d[2];
        int w = (int) d[3];
        int hw = h * w;
        float[] v = x.toFloatArray();
        float[] mk = mask.toFloatArray();
        boolean perImage = mask.getShape().get(0) == n && n > 1;
        int perPlane = planes / n;
        for (int p = 0; p < planes; p++) {
            int mo = perImage ? (p / perPlane) * hw : 0;
            double sum = 0;
            int known = 0;
            for (int i = 0; i < hw; i++) {
                if (mk[mo + i] != 0f) {
                    sum += v[p * hw + i];
                    known++;
                }
            }
            float mean = known == 0 ? 0.5f : (float) (sum / known);
            float[] a = new float[hw];
            float[] b = new float[hw];
            System.arraycopy(v, p * hw, a, 0, hw);
            for (int i = 0; i < hw; i++) {
                a[i] = mk[mo + i] != 0f ? a[i] : mean;
            }
            for (int it = 0; it < DIFFUSION_STEPS; it++) {
                System.arraycopy(a, 0, b, 0, hw);
                for (int y = 0; y < h; y++) {
                    for (int xx = 0; xx < w; xx++) {
                        int i = y * w + xx;
                        if (mk[mo + i] == 0f) {
                            b[i] = (a[Math.max(y - 1, 0) * w + xx] + a[Math.min(y + 1, h - 1) * w + xx] + a[y * w + Math.max(xx - 1, 0)]
                                    + a[y * w + Math.min(xx + 1, w - 1)]) / 4f;
                        }
                    }
                }
                float[] t = a;
                a = b;
                b = t;
            }
            System.arraycopy(a, 0, v, p * hw, hw);
        }
        return x.getManager().create(v, x.getShape());
    }

    /** A mask image: its white pixels (grey > 0.5) are the patch to fill. */
    public static NDArray fromFile(NDManager m, Path file, InputSpec spec) {
        NDArray img = Images.load(m, List.of(file), 1, spec.height(), spec.width());
        return img.lte(0.5f).toType(DataType.FLOAT32, false);
    }
}
