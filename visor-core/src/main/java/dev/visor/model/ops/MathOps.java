package dev.visor.model.ops;

import dev.visor.engine.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.visor.model.Attributes;
import dev.visor.model.Node;
import dev.visor.model.Op;
import dev.visor.model.OpRegistry;
import java.util.function.BinaryOperator;

/** Arithmetic with numpy broadcasting, and the dense products Gemm and MatMul. */
final class MathOps {
    private MathOps() {}

    static void register(OpRegistry r) {
        binary(r, "Add", NDArray::add);
        binary(r, "Sub", NDArray::sub);
        binary(r, "Mul", NDArray::mul);
        binary(r, "Div", MathOps::div);
        // ONNX Pow keeps the base's type (an integer exponent must not turn floats into doubles).
        binary(r, "Pow", (a, b) -> castTo(a.pow(b), a.getDataType()));
        variadic(r, "Sum", NDArray::add);
        variadic(r, "Max", NDArray::maximum);
        variadic(r, "Min", NDArray::minimum);
        r.register("Mean", node -> (ctx, in) -> {
            NDArray acc = in.get(0);
            for (int i = 1; i < in.size(); i++) {
                acc = acc.add(in.get(i));
            }
            return OpSupport.one(acc.div(in.size()));
        });
        r.register("MatMul", node -> (ctx, in) -> OpSupport.one(in.get(0).matMul(in.get(1))));
        r.register("Gemm", MathOps::gemm);
    }

    private static void binary(OpRegistry r, String type, BinaryOperator<NDArray> f) {
        r.register(type, node -> (ctx, in) -> OpSupport.one(f.apply(in.get(0), in.get(1))));
    }

    private static void variadic(OpRegistry r, String type, BinaryOperator<NDArray> f) {
        r.register(type, node -> (ctx, in) -> {
            NDArray acc = in.get(0);
            for (int i = 1; i < in.size(); i++) {
                acc = f.apply(acc, in.get(i));
            }
            return OpSupport.one(acc); // a single input passes through, like Identity (duplicate() would detach it)
        });
    }

    /** Integer division truncates (ONNX); libtorch's div would return floats. */
    private static NDArray div(NDArray a, NDArray b) {
        NDArray q = a.div(b);
        return a.getDataType().isInteger() ? castTo(q, a.getDataType()) : q;
    }

    private static NDArray castTo(NDArray a, DataType t) {
        return a.getDataType() == t ? a : a.toType(t, false);
    }

    /** Y = alpha·A'·B' + beta·C, with A', B' optionally transposed. */
    private static Op gemm(Node node) {
        Attributes a = node.attributes();
        float alpha = a.getFloat("alpha", 1f);
        float beta = a.getFloat("beta", 1f);
        boolean transA = a.getInt("transA", 0) == 1;
        boolean transB = a.getInt("transB", 0) == 1;
        return (ctx, in) -> {
            NDArray x = in.get(0);
            var step = x.getManager();
            if (transA) {
                x = OpSupport.owned(x.transpose(), step);
            }
            NDArray b = transB ? OpSupport.owned(in.get(1).transpose(), step) : in.get(1);
            // x.matMul keeps the result in the activation's manager even when B is a weight.
            NDArray y = x.matMul(b);
            if (alpha != 1f) {
                y = Scalars.times(y, alpha);
            }
            NDArray c = OpSupport.optional(in, 2);
            if (c != null && beta != 0f) {
                y = beta == 1f ? y.add(c) : y.add(OpSupport.owned(Scalars.times(c, beta), step));
            }
            return OpSupport.one(y);
        };
    }
}
