package dev.visor.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.visor.VisorException;
import java.util.Arrays;

/**
 * What a model expects as input, and the one preprocessing path of Visor: images are handled as
 * NCHW RGB (or grey) floats in [0, 1], and {@link #toModel} maps them to the model's input
 * (value range, mean/std, channel order); {@link #toImage} inverts it.
 *
 * <p>A model may instead take a plain vector (a generator's code): {@link #vector(int)}, file layout
 * {@value #VECTOR}, shape (N, length); {@code channels} is then the vector's length, the size is 1×1
 * and both mappings are the identity.
 *
 * @param channels   1 (grey) or 3; for a vector input its length
 * @param height     input height in pixels
 * @param width      input width in pixels
 * @param rangeMin   value of a black pixel before mean/std (e.g. 0)
 * @param rangeMax   value of a white pixel before mean/std (e.g. 1 or 255)
 * @param mean       per-channel mean subtracted after scaling (model channel order)
 * @param std        per-channel std divided after subtracting the mean
 * @param bgr        true if the model wants BGR channel order
 * @param fileLayout layout of the model file's input ("NCHW" or "NHWC"; Visor always feeds NCHW), or
 *                   {@value #VECTOR} for a vector input
 */
public record InputSpec(int channels, int height, int width, float rangeMin, float rangeMax,
                        float[] mean, float[] std, boolean bgr, String fileLayout) {
    /** The file layout of a vector input (N, length). */
    public static final String VECTOR = "NC";

    /** Validates the values. */
    public InputSpec {
        if (VECTOR.equals(fileLayout)) {
            if (channels <= 0 || height != 1 || width != 1) {
                throw new VisorException("a vector input needs a positive length and size 1x1, got " + channels + "x" + height
                        + "x" + width);
            }
        } else if (channels != 1 && channels != 3) {
            throw new VisorException("input channels must be 1 or 3, got " + channels);
        }
        if (height <= 0 || width <= 0) {
            throw new VisorException("input size must be positive, got " + height + "x" + width);
        }
        if (rangeMax <= rangeMin) {
            throw new VisorException("input value range must have max > min, got [" + rangeMin + ", " + rangeMax + "]");
        }
        mean = mean == null ? new float[channels] : mean.clone();
        std = std == null ? filled(channels, 1f) : std.clone();
        if (mean.length != channels || std.length != channels) {
            throw new VisorException("mean and std need " + channels + " values each");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new VisorException("std values must be positive, got " + Arrays.toString(std));
            }
        }
    }

    /** RGB in [0, 1], no normalisation. */
    public static InputSpec rgb01(int height, int width) {
        return new InputSpec(3, height, width, 0f, 1f, null, null, false, "NCHW");
    }

    /** One grey channel in [0, 1]. */
    public static InputSpec grey01(int height, int width) {
        return new InputSpec(1, height, width, 0f, 1f, null, null, false, "NCHW");
    }

    /** A vector input of this length (shape (N, length), values passed unchanged). */
    public static InputSpec vector(int length) {
        return new InputSpec(length, 1, 1, 0f, 1f, null, null, false, VECTOR);
    }

    /** True for a vector (not image) input (derived from the layout, so not a stored property). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isVector() {
        return VECTOR.equals(fileLayout);
    }

    /** The same spec at another spatial size (for models that accept any size). */
    public InputSpec withSize(int h, int w) {
        return new InputSpec(channels, h, w, rangeMin, rangeMax, mean, std, bgr, fileLayout);
    }

    /** The NCHW shape of a batch ((N, length) for a vector input). */
    public Shape batchShape(int batch) {
        if (isVector()) {
            return new Shape(batch, channels);
        }
        return new Shape(batch, channels, height, width);
    }

    /** Maps images (NCHW, RGB or grey, [0, 1]) to model input. Differentiable. */
    public NDArray toModel(NDArray image01) {
        if (isVector()) {
            return image01;
        }
        NDArray x = image01;
        if (bgr && channels == 3) {
            x = x.flip(1);
        }
        x = x.mul(x.getManager().create(rangeMax - rangeMin)).add(rangeMin); // mul(Number) closes its scalar before backward reads it
        if (!isIdentityNorm()) {
            NDArray m = x.getManager().create(mean).reshape(1, channels, 1, 1);
            NDArray s = x.getManager().create(std).reshape(1, channels, 1, 1);
            x = x.sub(m).div(s);
        }
        return x;
    }

    /** Maps model input back to images (NCHW, RGB or grey, [0, 1], not clipped). */
    public NDArray toImage(NDArray modelInput) {
        if (isVector()) {
            return modelInput;
        }
        NDArray x = modelInput;
        if (!isIdentityNorm()) {
            NDArray m = x.getManager().create(mean).reshape(1, channels, 1, 1);
            NDArray s = x.getManager().create(std).reshape(1, channels, 1, 1);
            x = x.mul(s).add(m);
        }
        x = x.sub(rangeMin).div(rangeMax - rangeMin);
        if (bgr && channels == 3) {
            x = x.flip(1);
        }
        return x;
    }

    private boolean isIdentityNorm() {
        for (int c = 0; c < channels; c++) {
            if (mean[c] != 0f || std[c] != 1f) {
                return false;
            }
        }
        return true;
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputSpec s && channels == s.channels && height == s.height && width == s.width
                && rangeMin == s.rangeMin && rangeMax == s.rangeMax && Arrays.equals(mean, s.mean)
                && Arrays.equals(std, s.std) && bgr == s.bgr && fileLayout.equals(s.fileLayout);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {channels, height, width, rangeMin, rangeMax, Arrays.hashCode(mean),
            Arrays.hashCode(std), bgr, fileLayout});
    }

    @Override
    public String toString() {
        if (isVector()) {
            return "vector of " + channels + " (" + VECTOR + ")";
        }
        return channels + "x" + height + "x" + width + " range [" + rangeMin + ", " + rangeMax + "] mean "
                + Arrays.toString(mean) + " std " + Arrays.toString(std) + (bgr ? " BGR" : "") + " (" + fileLayout + " in file)";
    }
}
