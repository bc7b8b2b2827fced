package dev.visor.model.ops;

import ai.djl.ndarray.NDArray;
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
        binary(r, "Div", NDArray::div);
        binary(r, "Pow", NDArray::pow);
        variadic(r, "Sum", NDArray::add);
        variadic(r, "Max", NDArray::maximum);
        variadic(r, "Min", NDArray::minimum);
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
            return OpSupport.one(in.size() == 1 ? acc.duplicate() : acc);
        });
    }

    /** Y = alpha·A'·B' + beta·C, with A', B' optionally transposed. */
    private static Op gemm(Node node) {
        Attributes a = node.attributes();
        float alpha = a.getFloat("alpha", 1f);
        float beta = a.getFloat("beta", 1f);
        boolean transA = a.getInt("transA", 0) == 1;
        boolean transB = a.getInt("transB", 0) == 1;
        return (ctx, in) -> {
            NDArray x = transA ? in.get(0).transpose() : in.get(0);
            // x.matMul keeps the result in the activation's manager even when B is a weight.
            NDArray y = x.matMul(transB ? in.get(1).transpose() : in.get(1));
            if (alpha != 1f) {
                y = y.mul(alpha);
            }
            if (in.size() > 2 && in.get(2) != null) {
                y = beta == 1f ? y.add(in.get(2)) : y.add(in.get(2).mul(beta));
            }
            return OpSupport.one(y);
        };
    }
}
