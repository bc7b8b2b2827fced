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

/** Inpainting masks for {@link PpgnJob#inpaint}: (1, 1, H, W) at the classifier's input, 1 for known pixels, 0 in the patch. */
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

    /** A mask image: its white pixels (grey > 0.5) are the patch to fill. */
    public static NDArray fromFile(NDManager m, Path file, InputSpec spec) {
        NDArray img = Images.load(m, List.of(file), 1, spec.height(), spec.width());
        return img.lte(0.5f).toType(DataType.FLOAT32, false);
    }
}
