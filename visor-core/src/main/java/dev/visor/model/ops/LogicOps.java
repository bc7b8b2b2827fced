package dev.visor.model.ops;

import ai.djl.ndarray.NDArray;
import dev.visor.model.OpRegistry;
import java.util.function.BinaryOperator;

/** Comparisons, boolean logic and Where (numpy broadcasting). */
final class LogicOps {
    private LogicOps() {}

    static void register(OpRegistry r) {
        binary(r, "Equal", NDArray::eq);
        binary(r, "Greater", NDArray::gt);
        binary(r, "Less", NDArray::lt);
        binary(r, "GreaterOrEqual", NDArray::gte);
        binary(r, "LessOrEqual", NDArray::lte);
        binary(r, "And", NDArray::logicalAnd);
        binary(r, "Or", NDArray::logicalOr);
        binary(r, "Xor", NDArray::logicalXor);
        r.register("Where", node -> (ctx, in) ->
                OpSupport.one(in.get(1).getNDArrayInternal().where(in.get(0), in.get(2))));
    }

    private static void binary(OpRegistry r, String type, BinaryOperator<NDArray> f) {
        r.register(type, node -> (ctx, in) -> OpSupport.one(f.apply(in.get(0), in.get(1))));
    }
}
