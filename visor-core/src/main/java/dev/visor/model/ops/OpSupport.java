package dev.visor.model.ops;

import ai.djl.ndarray.NDArray;
import dev.visor.VisorException;
import dev.visor.model.Node;
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
        return a.toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
    }

    /** Normalises a possibly negative axis. */
    static int axis(long axis, int rank) {
        return (int) (axis < 0 ? axis + rank : axis);
    }
}
