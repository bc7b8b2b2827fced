package dev.visor.model.ops;

import ai.djl.ndarray.NDArray;
import dev.visor.model.Node;
import dev.visor.model.Op;
import dev.visor.model.OpRegistry;

/**
 * Softmax and LogSoftmax along one axis (opset-13 semantics; the ONNX importer rewrites older models'
 * "coerce to 2-D" semantics into Flatten + Softmax + Reshape).
 */
final class SoftmaxOps {
    private SoftmaxOps() {}

    static void register(OpRegistry r) {
        r.register("Softmax", node -> softmax(node, false));
        r.register("LogSoftmax", node -> softmax(node, true));
    }

    private static Op softmax(Node node, boolean log) {
        int axisAttr = node.attributes().getInt("axis", -1);
        return (ctx, in) -> {
            NDArray x = in.get(0);
            int axis = OpSupport.axis(axisAttr, x.getShape().dimension());
            return OpSupport.one(log ? x.logSoftmax(axis) : x.softmax(axis));
        };
    }
}
