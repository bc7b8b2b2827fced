package dev.visor.model.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.visor.model.Node;
import dev.visor.model.Op;
import dev.visor.model.OpContext;
import dev.visor.model.OpRegistry;
import java.util.List;
import java.util.function.UnaryOperator;

/** Element-wise activations and softmax. ReLU and LeakyReLU are rectifiers (backward rules apply). */
final class ActivationOps {
    private ActivationOps() {}

    static void register(OpRegistry r) {
        r.register("Relu", node -> new Rectifier(0f));
        r.register("LeakyRelu", node -> new Rectifier(node.attributes().getFloat("alpha", 0.01f)));
        unary(r, "Sigmoid", x -> x.getNDArrayInternal().sigmoid());
        unary(r, "Tanh", NDArray::tanh);
        unary(r, "Exp", NDArray::exp);
        unary(r, "Sqrt", NDArray::sqrt);
        unary(r, "Neg", NDArray::neg);
        unary(r, "Abs", NDArray::abs);
        unary(r, "Erf", NDArray::erf);
        unary(r, "Log", NDArray::log);
        unary(r, "Reciprocal", x -> x.pow(-1f));
        r.register("Softmax", node -> softmax(node, false));
        r.register("LogSoftmax", node -> softmax(node, true));
    }

    private static void unary(OpRegistry r, String type, UnaryOperator<NDArray> f) {
        r.register(type, node -> (ctx, in) -> OpSupport.one(f.apply(in.get(0))));
    }

    private static Op softmax(Node node, boolean log) {
        int axisAttr = node.attributes().getInt("axis", -1);
        return (ctx, in) -> {
            NDArray x = in.get(0);
            int axis = OpSupport.axis(axisAttr, x.getShape().dimension());
            return OpSupport.one(log ? x.logSoftmax(axis) : x.softmax(axis));
        };
    }

    /** max(x, 0) + alpha·min(x, 0): ReLU for alpha 0, leaky otherwise. */
    static final class Rectifier implements Op {
        private final float alpha;

        Rectifier(float alpha) {
            this.alpha = alpha;
        }

        @Override
        public List<NDArray> apply(OpContext ctx, List<NDArray> in) {
            NDArray x = in.get(0);
            if (alpha == 0f) {
                return OpSupport.one(x.getNDArrayInternal().relu());
            }
            return OpSupport.one(x.getNDArrayInternal().leakyRelu(alpha));
        }

        @Override
        public NDArray rectifierSlope(NDArray x) {
            NDArray positive = x.gt(0f).toType(DataType.FLOAT32, false);
            if (alpha == 0f) {
                return positive;
            }
            return positive.mul(1f - alpha).add(alpha);
        }
    }
}
