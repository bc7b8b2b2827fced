package dev.visor.model.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.visor.model.Node;
import dev.visor.model.Op;
import dev.visor.model.OpRegistry;

/** Layout ops: Flatten, Reshape, Transpose, Concat, Identity, Dropout. */
final class ShapeOps {
    private ShapeOps() {}

    static void register(OpRegistry r) {
        r.register("Identity", node -> (ctx, in) -> OpSupport.one(in.get(0)));
        r.register("Dropout", ShapeOps::dropout);
        r.register("Flatten", node -> {
            int axisAttr = node.attributes().getInt("axis", 1);
            return (ctx, in) -> {
                NDArray x = in.get(0);
                int axis = OpSupport.axis(axisAttr, x.getShape().dimension());
                long outer = 1;
                for (int i = 0; i < axis; i++) {
                    outer *= x.getShape().get(i);
                }
                return OpSupport.one(x.reshape(outer, outer == 0 ? 0 : x.size() / Math.max(outer, 1)));
            };
        });
        r.register("Reshape", node -> {
            boolean allowZero = node.attributes().getInt("allowzero", 0) == 1;
            return (ctx, in) -> {
                NDArray x = in.get(0);
                long[] shape = OpSupport.longs(in.get(1));
                for (int i = 0; i < shape.length; i++) {
                    if (shape[i] == 0 && !allowZero) {
                        shape[i] = x.getShape().get(i);
                    }
                }
                return OpSupport.one(x.reshape(new Shape(shape)));
            };
        });
        r.register("Transpose", node -> {
            int[] perm = node.attributes().getInts("perm", null);
            return (ctx, in) -> {
                NDArray x = in.get(0);
                if (perm == null) {
                    return OpSupport.one(x.transpose());
                }
                return OpSupport.one(x.transpose(perm));
            };
        });
        r.register("Concat", node -> {
            int axisAttr = node.attributes().getInt("axis", 1);
            return (ctx, in) -> {
                int axis = OpSupport.axis(axisAttr, in.get(0).getShape().dimension());
                return OpSupport.one(NDArrays.concat(new NDList(in), axis));
            };
        });
    }

    private static Op dropout(Node node) {
        float ratioAttr = node.attributes().getFloat("ratio", 0.5f);
        return (ctx, in) -> {
            NDArray x = in.get(0);
            if (!ctx.training()) {
                return OpSupport.one(x);
            }
            float ratio = in.size() > 1 && in.get(1) != null ? in.get(1).getFloat() : ratioAttr;
            return OpSupport.one(ai.djl.nn.norm.Dropout.dropout(x, ratio, true).singletonOrThrow());
        };
    }
}
