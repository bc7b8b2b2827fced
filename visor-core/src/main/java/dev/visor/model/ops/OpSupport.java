package dev.visor.model.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.visor.VisorException;
import dev.visor.model.Node;
import java.util.Arrays;
import java.util.List;

/** Small helpers shared by op implementations. */
final class OpSupport {
    private OpSupport() {}

    /** One output. */
    static List<NDArray> one(NDArray a) {
        return java.util.Collections.singletonList(a);
    }

    /** An error for an attribute value the op does not support. */
    static VisorException unsupported(Node node, String what) {
        return new VisorException("node '" + node.name() + "' (" + node.opType() + "): unsupported " + what);
    }

    /** Values of an integer tensor (shape, axes, pads inputs). */
    static long[] longs(NDArray a) {
        try (Converted c = new Converted(a, DataType.INT64)) {
            return c.value.toLongArray();
        }
    }

    /** Values of a numeric tensor as doubles (scales, pad values). */
    static double[] doubles(NDArray a) {
        try (Converted c = new Converted(a, DataType.FLOAT64)) {
            return c.value.toDoubleArray();
        }
    }

    /** A type conversion that is freed at once, so reading a weight's values leaves nothing in its manager. */
    private static final class Converted implements AutoCloseable {
        final NDArray value;
        private final boolean owned;

        Converted(NDArray a, DataType t) {
            owned = a.getDataType() != t;
            value = owned ? a.toType(t, false) : a;
        }

        @Override
        public void close() {
            if (owned) {
                value.close();
            }
        }
    }

    /** The optional input {@code i}, or null when omitted or absent. */
    static NDArray optional(List<NDArray> in, int i) {
        return i < in.size() ? in.get(i) : null;
    }

    /** Integer values from input {@code i} when given (and not empty), else from attribute values (may be null). */
    static long[] inputOrAttr(List<NDArray> in, int i, long[] attr) {
        NDArray a = optional(in, i);
        return a != null ? longs(a) : attr;
    }

    /** Normalises a possibly negative axis. */
    static int axis(long axis, int rank) {
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /** Normalised, sorted axes. */
    static int[] axes(long[] axes, int rank) {
        int[] r = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            r[i] = axis(axes[i], rank);
        }
        Arrays.sort(r);
        return r;
    }

    /**
     * The array in the step's manager: weights (which live in the model's manager) are copied there, so
     * that arrays derived from them during a pass are freed with the step and not kept by the model.
     */
    static NDArray local(NDArray a, NDManager step) {
        if (a == null || a.getManager() == step) {
            return a;
        }
        // 0 + a: a copy in the step's manager that, unlike duplicate(), keeps a trained weight's gradient.
        return step.create(0f).toType(a.getDataType(), false).add(a);
    }

    /**
     * Moves an array derived from a weight (a view such as a transpose) into the step's manager, so the
     * model's manager does not collect one handle per pass; views share storage, so this copies nothing.
     */
    static NDArray owned(NDArray derived, NDManager step) {
        if (derived.getManager() != step) {
            derived.attach(step);
        }
        return derived;
    }

    /** A scalar of {@code x}'s type in {@code x}'s manager. */
    static NDArray scalarLike(NDArray x, double v) {
        return x.getManager().create(v).toType(x.getDataType(), false);
    }

    /** Picks the given indices (already in range) along one axis; differentiable. */
    static NDArray takeAlong(NDArray x, int axis, long[] idx) {
        long[] shape = dims(x);
        long[] idxShape = new long[shape.length];
        Arrays.fill(idxShape, 1);
        idxShape[axis] = idx.length;
        shape[axis] = idx.length;
        NDArray index = x.getManager().create(idx).reshape(new Shape(idxShape)).broadcast(new Shape(shape));
        return x.gather(index, axis);
    }

    /**
     * PyTorch-order pad widths (last axis first) for per-axis {@code begin}/{@code end} pads of the trailing
     * {@code begin.length} axes.
     */
    static Shape torchPads(long[] begin, long[] end) {
        long[] p = new long[begin.length * 2];
        for (int i = 0; i < begin.length; i++) {
            int axis = begin.length - 1 - i;
            p[2 * i] = begin[axis];
            p[2 * i + 1] = end[axis];
        }
        return new Shape(p);
    }

    /**
     * The shape as a long array of the caller's own: a copy, because DJL's {@code Shape.getShape()} returns the
     * array the tensor's cached shape holds, and writing into it would change the shape {@code x} reports.
     */
    static long[] dims(NDArray x) {
        return x.getShape().getShape().clone();
    }

    /** Filled int array. */
    static int[] filled(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }

    /** Product of dims in [from, to). */
    static long prod(long[] d, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            p *= d[i];
        }
        return p;
    }
}
