package dev.visor.dissect;

import dev.visor.model.ReceptiveField;
import java.util.function.IntToDoubleFunction;

/**
 * A unit's binary mask at the probe's mask resolution: the feature map upsampled bilinearly to
 * {@code H×W} and thresholded, M_k = S(A_k) > T_k (Bau et al. 2017, §2.2; strictly greater, as NetDissect,
 * so a constant unit's mask is empty). Two ways to place the map on the image:
 * <ul>
 *   <li>{@link #UnitMask(int, int, int, int) bilinear} with pixel centres aligned (PyTorch's
 *       {@code align_corners=False}): output pixel Y samples the map at y = (Y + ½)·h/H − ½;</li>
 *   <li>{@link #fieldAligned receptive-field aligned} (NetDissect's {@code upsample} with the layer's field):
 *       map unit i stands at the centre of its receptive field, c_i = S + i·J + R/2 input pixels (start S,
 *       jump J, size R; {@link ReceptiveField}), and output pixel Y, whose centre is at u = (Y + ½)·h_in/H in
 *       input pixels, samples the map at y = (u − S − R/2)/J. For a padded "same" stack this equals the bilinear
 *       rule; for unpadded convolutions it removes the shift of (k − 1)/2 pixels per layer.</li>
 * </ul>
 * Either way y is clamped to the map. One instance serves one (h, w) → (H, W) pair and reuses its tables.
 */
public final class UnitMask {
    private final int h;
    private final int w;
    private final int outH;
    private final int outW;
    private final int[] y0;
    private final int[] y1;
    private final float[] fy;
    private final int[] x0;
    private final int[] x1;
    private final float[] fx;

    /** Tables for upsampling an {@code h×w} map to {@code outH×outW}, bilinearly with pixel centres aligned. */
    public UnitMask(int h, int w, int outH, int outW) {
        this(h, w, outH, outW, i -> (i + 0.5) * h / outH - 0.5, i -> (i + 0.5) * w / outW - 0.5);
    }

    /**
     * Tables for upsampling an {@code h×w} map of a layer with receptive field {@code field} to {@code outH×outW}
     * masks of images fed to the model at {@code inputH×inputW}; bilinear when every unit sees the whole input.
     */
    public static UnitMask fieldAligned(int h, int w, int outH, int outW, ReceptiveField field, int inputH, int inputW) {
        if (field.wholeInput() || field.jumpY() <= 0 || field.jumpX() <= 0) {
            return new UnitMask(h, w, outH, outW);
        }
        double cy = field.startY() + field.sizeY() / 2;
        double cx = field.startX() + field.sizeX() / 2;
        return new UnitMask(h, w, outH, outW, i -> ((i + 0.5) * inputH / outH - cy) / field.jumpY(),
                i -> ((i + 0.5) * inputW / outW - cx) / field.jumpX());
    }

    private UnitMask(int h, int w, int outH, int outW, IntToDoubleFunction rowAt, IntToDoubleFunction colAt) {
        this.h = h;
        this.w = w;
        this.outH = outH;
        this.outW = outW;
        y0 = new int[outH];
        y1 = new int[outH];
        fy = new float[outH];
        x0 = new int[outW];
        x1 = new int[outW];
        fx = new float[outW];
        table(h, outH, rowAt, y0, y1, fy);
        table(w, outW, colAt, x0, x1, fx);
    }

    private static void table(int in, int out, IntToDoubleFunction at, int[] lo, int[] hi, float[] frac) {
        for (int i = 0; i < out; i++) {
            double src = Math.max(0, Math.min(in - 1, at.applyAsDouble(i)));
            lo[i] = (int) Math.floor(src);
            hi[i] = Math.min(in - 1, lo[i] + 1);
            frac[i] = (float) (src - lo[i]);
        }
    }

    /** True if this instance upsamples {@code h×w} to {@code outH×outW}. */
    public boolean fits(int mapH, int mapW, int maskH, int maskW) {
        return mapH == h && mapW == w && maskH == outH && maskW == outW;
    }

    /** The upsampled map, row-major (for pictures). */
    public float[] upsample(float[] maps, int offset) {
        float[] out = new float[outH * outW];
        for (int y = 0; y < outH; y++) {
            int r0 = offset + y0[y] * w;
            int r1 = offset + y1[y] * w;
            float a = fy[y];
            for (int x = 0; x < outW; x++) {
                float top = maps[r0 + x0[x]] + (maps[r0 + x1[x]] - maps[r0 + x0[x]]) * fx[x];
                float bottom = maps[r1 + x0[x]] + (maps[r1 + x1[x]] - maps[r1 + x0[x]]) * fx[x];
                out[y * outW + x] = top + (bottom - top) * a;
            }
        }
        return out;
    }

    /**
     * Writes the binary mask of the map at {@code maps[offset ..]} into {@code active} and returns how many pixels are on.
     *
     * @param threshold T_k
     */
    public int binarise(float[] maps, int offset, float threshold, boolean[] active) {
        float[] up = upsample(maps, offset);
        int n = 0;
        for (int i = 0; i < up.length; i++) {
            boolean on = up[i] > threshold;
            active[i] = on;
            if (on) {
                n++;
            }
        }
        return n;
    }
}
