package dev.visor.io;

import dev.visor.VisorException;
import java.util.Arrays;

/**
 * Checks that importers run on the sizes a file declares before they allocate anything: every
 * dimension non-negative, the element count computed without overflow and at most
 * {@link #MAX_ELEMENTS}, and the bytes a tensor needs present in the file. A corrupt or hostile file
 * then ends in a one-line {@link VisorException} instead of an OutOfMemoryError, a negative buffer
 * capacity or a native allocation inside libtorch.
 */
public final class TensorLimits {
    /** The most elements one tensor may declare (Java arrays and DJL buffers are int-indexed). */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE;
    /** The largest image side an importer accepts for a model input. */
    public static final long MAX_INPUT_SIDE = 1 << 16;

    private TensorLimits() {}

    /**
     * The element count of a tensor's dimensions.
     *
     * @param what names the tensor and its file, for the message ("tensor 'w' in f.onnx")
     * @throws VisorException for a negative dimension or more than {@link #MAX_ELEMENTS} elements
     */
    public static long elements(long[] dims, String what) {
        long n = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new VisorException(what + " has a negative dimension in its shape " + Arrays.toString(dims)
                        + " (dimensions are >= 0)");
            }
        }
        for (long d : dims) {
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                n = Long.MAX_VALUE;
            }
        }
        if (n > MAX_ELEMENTS) {
            throw new VisorException(what + " declares shape " + Arrays.toString(dims) + ", more than " + MAX_ELEMENTS
                    + " elements");
        }
        return n;
    }

    /** {@link #elements(long[], String)} for int dimensions. */
    public static long elements(int[] dims, String what) {
        return elements(Arrays.stream(dims).asLongStream().toArray(), what);
    }

    /**
     * The bytes {@code elements} values of {@code width} bytes need, checked against what the file holds.
     *
     * @param available bytes the file (or the part of it that holds the tensor) has
     * @throws VisorException when the tensor needs more bytes than are there
     */
    public static int bytes(long elements, int width, long available, String what) {
        long need = elements * width; // elements <= 2^31 - 1 and width <= 8: no overflow
        if (need > available) {
            throw new VisorException(what + " needs " + need + " bytes but the file holds only " + available
                    + " (truncated or corrupt)");
        }
        if (need > Integer.MAX_VALUE) {
            throw new VisorException(what + " needs " + need + " bytes; one tensor may hold at most " + Integer.MAX_VALUE);
        }
        return (int) need;
    }

    /**
     * Checks a model input's dimensions: each unknown (&lt;= 0, taken as any size) or at most
     * {@link #MAX_INPUT_SIDE}, and the known ones together at most {@link #MAX_ELEMENTS} per item.
     *
     * @param what names the input and its file
     */
    public static void input(long[] dims, String what) {
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            long d = dims[i];
            if (d > MAX_INPUT_SIDE) {
                throw new VisorException(what + " has shape " + Arrays.toString(dims) + ": dimension " + i + " is " + d
                        + "; an input dimension is unknown (-1) or at most " + MAX_INPUT_SIDE);
            }
            if (i > 0 && d > 0) {
                n *= d; // n <= 2^31 before, d <= 2^16: no overflow
                if (n > MAX_ELEMENTS) {
                    throw new VisorException(what + " has shape " + Arrays.toString(dims) + ", more than " + MAX_ELEMENTS
                            + " elements per item");
                }
            }
        }
    }
}
