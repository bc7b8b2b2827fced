package dev.visor.model.ops;

import dev.visor.engine.Scalars;
import ai.djl.ndarray.NDArray;
import dev.visor.model.Attributes;
import dev.visor.model.Node;
import dev.visor.model.Op;
import dev.visor.model.OpContext;
import dev.visor.model.OpRegistry;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Element-wise activations. ReLU and LeakyReLU are rectifiers (backward rules apply to them); PRelu
 * reads its slope from a tensor input, which {@link Op#rectifierSlope} cannot see, so it keeps plain
 * gradients.
 */
final class ActivationOps {
    private ActivationOps() {}

    static void register(OpRegistry r) {
        r.register("Relu", node -> new Rectifier(0f));
        r.register("LeakyRelu", node -> new Rectifier(node.attributes().getFloat("alpha", 0.01f)));
        r.register("PRelu", node -> (ctx, in) -> {
            NDArray x = in.get(0);
            NDArray slope = in.get(1);
            long[] xd = OpSupport.dims(x);
            long[] sd = OpSupport.dims(slope);
            if (sd.length == 1 && xd.length > 2 && sd[0] == xd[1] && sd[0] != xd[xd.length - 1]) {
                // Opset < 7 models give a per-channel slope of shape (C): align it with axis 1.
                long[] shape = new long[xd.length - 1];
                java.util.Arrays.fill(shape, 1);
                shape[0] = sd[0];
                slope = OpSupport.owned(slope.reshape(new ai.djl.ndarray.types.Shape(shape)), x.getManager());
            }
            return OpSupport.one(Scalars.max(x, 0).add(Scalars.min(x, 0).mul(slope)));
        });
        attr(r, "Elu", a -> elu(a.getFloat("alpha", 1f), 1f));
        attr(r, "Selu", a -> elu(a.getFloat("alpha", 1.67326319217681884765625f), a.getFloat("gamma", 1.05070102214813232421875f)));
        attr(r, "Celu", a -> {
            float alpha = a.getFloat("alpha", 1f);
            return x -> Scalars.max(x, 0).add(Scalars.times(Scalars.divide(Scalars.min(x, 0), alpha).exp().sub(1f), alpha));
        });
        attr(r, "ThresholdedRelu", a -> {
            float alpha = a.getFloat("alpha", 1f);
            return x -> x.mul(x.gt(alpha).toType(x.getDataType(), false));
        });
        attr(r, "Sigmoid", a -> x -> x.getNDArrayInternal().sigmoid());
        attr(r, "HardSigmoid", a -> hardSigmoid(a.getFloat("alpha", 0.2f), a.getFloat("beta", 0.5f)));
        attr(r, "HardSwish", a -> x -> x.mul(hardSigmoid(1f / 6, 0.5f).apply(x)));
        attr(r, "Tanh", a -> NDArray::tanh);
        attr(r, "Softplus", a -> x -> Scalars.max(x, 0).add(x.abs().neg().exp().add(1f).log()));
        attr(r, "Softsign", a -> x -> x.div(x.abs().add(1f)));
        r.register("Clip", ActivationOps::clip);
    }

    private static void attr(OpRegistry r, String type, Function<Attributes, UnaryOperator<NDArray>> f) {
        r.register(type, node -> {
            UnaryOperator<NDArray> op = f.apply(node.attributes());
            return (ctx, in) -> OpSupport.one(op.apply(in.get(0)));
        });
    }

    /** gamma·(max(x, 0) + alpha·(exp(min(x, 0)) − 1)): ELU for gamma 1, SELU otherwise. */
    private static UnaryOperator<NDArray> elu(float alpha, float gamma) {
        return x -> {
            NDArray y = Scalars.max(x, 0).add(Scalars.times(Scalars.min(x, 0).exp().sub(1f), alpha));
            return gamma == 1f ? y : Scalars.times(y, gamma);
        };
    }

    private static UnaryOperator<NDArray> hardSigmoid(float alpha, float beta) {
        return x -> Scalars.min(Scalars.max(Scalars.times(x, alpha).add(beta), 0), 1);
    }

    /** Clip: bounds as optional inputs (opset 11+) or attributes (older). */
    private static Op clip(Node node) {
        Attributes a = node.attributes();
        Float minAttr = a.has("min") ? a.getFloat("min", 0f) : null;
        Float maxAttr = a.has("max") ? a.getFloat("max", 0f) : null;
        return (ctx, in) -> {
            NDArray x = in.get(0);
            NDArray lo = OpSupport.optional(in, 1);
            NDArray hi = OpSupport.optional(in, 2);
            NDArray y = x;
            if (lo != null) {
                y = y.maximum(lo);
            } else if (minAttr != null) {
                y = y.maximum(OpSupport.scalarLike(x, minAttr));
            }
            if (hi != null) {
                y = y.minimum(hi);
            } else if (maxAttr != null) {
                y = y.minimum(OpSupport.scalarLike(x, maxAttr));
            }
            return OpSupport.one(y); // no bounds: the input itself, like Identity (duplicate() would detach it)
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
            NDArray positive = x.gt(0f).toType(x.getDataType(), false);
            if (alpha == 0f) {
                return positive;
            }
            return positive.mul(1f - alpha).add(alpha);
        }
    }
}
