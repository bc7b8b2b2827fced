package dev.visor.io.keras;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * One weight array as read from a Keras or TF.js file: row-major float values and their shape.
 * Layout changes (HWIO to OIHW and the like) are done here in Java, so the engine only ever sees
 * the final, contiguous array.
 *
 * @param name  the weight's name in the file (e.g. {@code conv2d_1/kernel})
 * @param shape its shape
 * @param data  its values, row-major
 */
public record WeightTensor(String name, int[] shape, float[] data) {
    /** Checks that the data fits the shape. */
    public WeightTensor {
        if (size(shape) != data.length) {
            throw new IllegalArgumentException("weight " + name + " of shape " + Arrays.toString(shape) + " has "
                    + data.length + " values");
        }
    }

    /** The number of values a shape holds. */
    public static long size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, (long) d);
        }
        return n;
    }

    /** Rank. */
    public int rank() {
        return shape.length;
    }

    /** The same values with axes reordered: result axis i is this array's axis {@code perm[i]}. */
    public WeightTensor permute(int... perm) {
        if (perm.length != shape.length) {
            throw new IllegalArgumentException("permutation " + Arrays.toString(perm) + " for shape " + Arrays.toString(shape));
        }
        int r = shape.length;
        int[] outShape = new int[r];
        for (int i = 0; i < r; i++) {
            outShape[i] = shape[perm[i]];
        }
        int[] inStrides = strides(shape);
        int[] step = new int[r];
        for (int i = 0; i < r; i++) {
            step[i] = inStrides[perm[i]];
        }
        float[] out = new float[data.length];
        int[] idx = new int[r];
        int src = 0;
        for (int o = 0; o < out.length; o++) {
            out[o] = data[src];
            for (int a = r - 1; a >= 0; a--) {
                idx[a]++;
                src += step[a];
                if (idx[a] < outShape[a]) {
                    break;
                }
                src -= step[a] * idx[a];
                idx[a] = 0;
            }
        }
        return new WeightTensor(name, outShape, out);
    }

    /** The same values with another shape of the same size. */
    public WeightTensor reshape(int... newShape) {
        return new WeightTensor(name, newShape, data);
    }

    /** The array in the given manager. */
    public NDArray toNDArray(NDManager manager) {
        long[] s = new long[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = shape[i];
        }
        return manager.create(data, new Shape(s));
    }

    private static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightTensor w && name.equals(w.name) && Arrays.equals(shape, w.shape) && Arrays.equals(data, w.data);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
