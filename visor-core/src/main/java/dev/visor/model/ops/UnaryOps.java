package dev.visor.model.ops;

import dev.visor.engine.Scalars;
import ai.djl.ndarray.NDArray;
import dev.visor.model.OpRegistry;
import java.util.function.UnaryOperator;

/** Element-wise math without attributes. */
final class UnaryOps {
    private UnaryOps() {}

    static void register(OpRegistry r) {
        unary(r, "Exp", NDArray::exp);
        unary(r, "Sqrt", NDArray::sqrt);
        unary(r, "Neg", NDArray::neg);
        unary(r, "Abs", NDArray::abs);
        unary(r, "Erf", NDArray::erf);
        unary(r, "Log", NDArray::log);
        unary(r, "Reciprocal", x -> Scalars.pow(x, -1));
        unary(r, "Sin", NDArray::sin);
        unary(r, "Cos", NDArray::cos);
        unary(r, "Tan", NDArray::tan);
        unary(r, "Asin", NDArray::asin);
        unary(r, "Acos", NDArray::acos);
        unary(r, "Atan", NDArray::atan);
        unary(r, "Sinh", NDArray::sinh);
        unary(r, "Cosh", NDArray::cosh);
        // DJL's PyTorch engine lacks the inverse hyperbolic functions: their closed forms.
        unary(r, "Asinh", x -> x.add(x.square().add(1f).sqrt()).log());
        unary(r, "Acosh", x -> x.add(x.square().sub(1f).sqrt()).log());
        unary(r, "Atanh", x -> Scalars.times(x.add(1f).div(x.neg().add(1f)).log(), 0.5));
        unary(r, "Floor", NDArray::floor);
        unary(r, "Ceil", NDArray::ceil);
        unary(r, "Round", NDArray::round);
        unary(r, "Sign", NDArray::sign);
        unary(r, "Not", NDArray::logicalNot);
    }

    private static void unary(OpRegistry r, String type, UnaryOperator<NDArray> f) {
        r.register(type, node -> (ctx, in) -> OpSupport.one(f.apply(in.get(0))));
    }
}
