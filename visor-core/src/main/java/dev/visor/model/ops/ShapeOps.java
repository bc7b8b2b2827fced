package dev.visor.model.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.visor.model.Attributes;
import dev.visor.model.Node;
import dev.visor.model.Op;
import dev.visor.model.OpRegistry;
import java.util.ArrayList;
import java.util.List;

/** Layout and constant ops: Identity, Dropout, Flatten, Reshape, Transpose, Squeeze, Unsqueeze, Shape, Size,
 *  Constant, ConstantOfShape, Expand, Tile, Cast. */
final class ShapeOps {
    private ShapeOps() {}

    static void register(OpRegistry r) {
        r.register("Identity", node -> (ctx, in) -> OpSupport.one(in.get(0)));
        r.register("Dropout", ShapeOps::dropout);
        r.register("Flatten", node -> {
            int axisAttr = node.attributes().getInt("axis", 1);
            return (ctx, in) -> {
                NDArray x = in.get(0);
                long[] d = OpSupport.dims(x);
                int axis = OpSupport.axis(axisAttr, d.length);
                return OpSupport.one(x.reshape(OpSupport.prod(d, 0, axis), OpSupport.prod(d, axis, d.length)));
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
            return (ctx, in) -> OpSupport.one(perm == null ? in.get(0).transpose() : in.get(0).transpose(perm));
        });
        r.register("Squeeze", node -> {
            long[] axesAttr = node.attributes().getLongs("axes", null);
            return (ctx, in) -> {
                NDArray x = in.get(0);
                long[] axes = OpSupport.inputOrAttr(in, 1, axesAttr);
                if (axes == null) {
                    return OpSupport.one(x.squeeze());
                }
                return OpSupport.one(x.squeeze(OpSupport.axes(axes, x.getShape().dimension())));
            };
        });
        r.register("Unsqueeze", node -> {
            long[] axesAttr = node.attributes().getLongs("axes", null);
            return (ctx, in) -> {
                NDArray x = in.get(0);
                long[] axes = OpSupport.inputOrAttr(in, 1, axesAttr);
                NDArray y = x;
                for (int axis : OpSupport.axes(axes, x.getShape().dimension() + axes.length)) {
                    y = y.expandDims(axis);
                }
                return OpSupport.one(y);
            };
        });
        r.register("Shape", node -> {
            Attributes a = node.attributes();
            return (ctx, in) -> {
                long[] d = OpSupport.dims(in.get(0));
                int start = clampAxis(a.getLong("start", 0), d.length);
                int end = clampAxis(a.getLong("end", d.length), d.length);
                long[] r2 = java.util.Arrays.copyOfRange(d, start, Math.max(start, end));
                return OpSupport.one(in.get(0).getManager().create(r2));
            };
        });
        r.register("Size", node -> (ctx, in) -> OpSupport.one(in.get(0).getManager().create(in.get(0).size())));
        r.register("Constant", ShapeOps::constant);
        r.register("ConstantOfShape", node -> {
            NDArray value = node.attributes().getTensor("value");
            return (ctx, in) -> {
                long[] shape = OpSupport.longs(in.get(0));
                DataType t = value == null ? DataType.FLOAT32 : value.getDataType();
                float v = value == null ? 0f : (float) OpSupport.doubles(value)[0];
                return OpSupport.one(in.get(0).getManager().full(new Shape(shape), v, t));
            };
        });
        r.register("Expand", node -> (ctx, in) -> {
            NDArray x = in.get(0);
            long[] want = OpSupport.longs(in.get(1));
            long[] have = OpSupport.dims(x);
            int rank = Math.max(want.length, have.length);
            long[] out = new long[rank];
            for (int i = 0; i < rank; i++) {
                long w = i - (rank - want.length) >= 0 ? want[i - (rank - want.length)] : 1;
                long h = i - (rank - have.length) >= 0 ? have[i - (rank - have.length)] : 1;
                out[i] = w == 1 ? h : w;
            }
            return OpSupport.one(x.broadcast(new Shape(out)));
        });
        r.register("Tile", node -> (ctx, in) -> OpSupport.one(in.get(0).tile(OpSupport.longs(in.get(1)))));
        r.register("Cast", node -> {
            DataType to = DataTypes.fromOnnx(node.attributes().getInt("to", 1));
            return (ctx, in) -> OpSupport.one(in.get(0).toType(to, true));
        });
    }

    private static int clampAxis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        return (int) Math.max(0, Math.min(rank, a));
    }

    private static Op constant(Node node) {
        Attributes a = node.attributes();
        return (ctx, in) -> {
            var m = ctx.manager();
            NDArray v;
            if (a.getTensor("value") != null) {
                v = a.getTensor("value").duplicate();
            } else if (a.has("value_float")) {
                v = m.create(a.getFloat("value_float", 0f));
            } else if (a.has("value_floats")) {
                v = m.create(a.getFloats("value_floats", null));
            } else if (a.has("value_int")) {
                v = m.create(a.getLong("value_int", 0));
            } else if (a.has("value_ints")) {
                v = m.create(a.getLongs("value_ints", null));
            } else {
                throw OpSupport.unsupported(node, "Constant without a tensor, float or int value");
            }
            return OpSupport.one(v);
        };
    }

    private static Op dropout(Node node) {
        float ratioAttr = node.attributes().getFloat("ratio", 0.5f);
        boolean mask = node.outputs().size() > 1 && !node.outputs().get(1).isEmpty();
        return (ctx, in) -> {
            NDArray x = in.get(0);
            NDArray trainingIn = OpSupport.optional(in, 2);
            boolean training = ctx.training() || (trainingIn != null && OpSupport.doubles(trainingIn)[0] != 0);
            NDArray ratioIn = OpSupport.optional(in, 1);
            float ratio = ratioIn != null ? (float) OpSupport.doubles(ratioIn)[0] : ratioAttr;
            List<NDArray> out = new ArrayList<>(2);
            if (!training || ratio == 0f) {
                out.add(x);
                if (mask) {
                    out.add(x.onesLike().toType(DataType.BOOLEAN, false));
                }
                return out;
            }
            if (mask) {
                throw OpSupport.unsupported(node, "Dropout mask output in training mode");
            }
            out.add(ai.djl.nn.norm.Dropout.dropout(x, ratio, true).singletonOrThrow());
            return out;
        };
    }
}
