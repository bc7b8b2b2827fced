package dev.visor.model.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.visor.model.Attributes;
import dev.visor.model.Node;
import dev.visor.model.Op;
import dev.visor.model.OpRegistry;
import java.util.ArrayList;
import java.util.List;

/** Ops that select or join parts of tensors: Concat, Split, Slice, Gather, Pad. */
final class IndexOps {
    private IndexOps() {}

    static void register(OpRegistry r) {
        r.register("Concat", node -> {
            int axisAttr = node.attributes().getInt("axis", 1);
            return (ctx, in) -> {
                int axis = OpSupport.axis(axisAttr, in.get(0).getShape().dimension());
                // NDArrays.concat of one array returns a detached copy: keep the single input itself (differentiable).
                return OpSupport.one(in.size() == 1 ? in.get(0) : NDArrays.concat(new NDList(in), axis));
            };
        });
        r.register("Split", IndexOps::split);
        r.register("Slice", IndexOps::slice);
        r.register("Gather", IndexOps::gather);
        r.register("Pad", IndexOps::pad);
    }

    private static Op split(Node node) {
        Attributes a = node.attributes();
        long axisAttr = a.getLong("axis", 0);
        long[] splitAttr = a.getLongs("split", null);
        int parts = node.outputs().size();
        return (ctx, in) -> {
            NDArray x = in.get(0);
            int axis = OpSupport.axis(axisAttr, x.getShape().dimension());
            long dim = x.getShape().get(axis);
            long[] sizes = OpSupport.inputOrAttr(in, 1, splitAttr);
            if (sizes == null) {
                sizes = new long[parts];
                java.util.Arrays.fill(sizes, (dim + parts - 1) / parts);
                sizes[parts - 1] = dim - (dim + parts - 1) / parts * (parts - 1);
            }
            long[] points = new long[sizes.length - 1];
            long acc = 0;
            for (int i = 0; i < points.length; i++) {
                acc += sizes[i];
                points[i] = acc;
            }
            return new ArrayList<>(x.split(points, axis));
        };
    }

    /** Slice with starts/ends/axes/steps as inputs (opset 10+) or attributes (opset 1). */
    private static Op slice(Node node) {
        Attributes a = node.attributes();
        return (ctx, in) -> {
            NDArray x = in.get(0);
            long[] dims = OpSupport.dims(x);
            long[] starts = OpSupport.inputOrAttr(in, 1, a.getLongs("starts", null));
            long[] ends = OpSupport.inputOrAttr(in, 2, a.getLongs("ends", null));
            long[] axes = OpSupport.inputOrAttr(in, 3, a.getLongs("axes", null));
            long[] steps = OpSupport.inputOrAttr(in, 4, null);
            long[][] ranges = new long[dims.length][];
            for (int i = 0; i < dims.length; i++) {
                ranges[i] = new long[] {0, dims[i], 1};
            }
            for (int i = 0; i < starts.length; i++) {
                int axis = axes == null ? i : OpSupport.axis(axes[i], dims.length);
                long step = steps == null ? 1 : steps[i];
                ranges[axis] = clamp(starts[i], ends[i], step, dims[axis]);
            }
            NDArray y = x;
            NDIndex index = new NDIndex();
            boolean negative = false;
            for (long[] rg : ranges) {
                negative |= rg[2] < 0;
            }
            if (!negative) {
                for (long[] rg : ranges) {
                    index.addSliceDim(rg[0], Math.max(rg[0], rg[1]), rg[2]);
                }
                return OpSupport.one(x.get(index));
            }
            for (int axis = 0; axis < dims.length; axis++) {
                long[] rg = ranges[axis];
                if (rg[2] > 0 && rg[0] == 0 && rg[1] == dims[axis] && rg[2] == 1) {
                    continue;
                }
                List<Long> idx = new ArrayList<>();
                for (long i = rg[0]; rg[2] > 0 ? i < rg[1] : i > rg[1]; i += rg[2]) {
                    idx.add(i);
                }
                y = OpSupport.takeAlong(y, axis, idx.stream().mapToLong(Long::longValue).toArray());
            }
            return OpSupport.one(y);
        };
    }

    /** {start, end, step} clamped as ONNX Slice says. */
    private static long[] clamp(long start, long end, long step, long dim) {
        long s = start < 0 ? start + dim : start;
        long e = end < 0 ? end + dim : end;
        if (step > 0) {
            s = Math.max(0, Math.min(dim, s));
            e = Math.max(0, Math.min(dim, e));
        } else {
            s = Math.max(-1, Math.min(dim - 1, s));
            e = Math.max(-1, Math.min(dim - 1, e));
        }
        return new long[] {s, e, step};
    }

    private static Op gather(Node node) {
        long axisAttr = node.attributes().getLong("axis", 0);
        return (ctx, in) -> {
            NDArray x = in.get(0);
            NDArray indices = in.get(1);
            long[] dims = OpSupport.dims(x);
            int axis = OpSupport.axis(axisAttr, dims.length);
            long[] idx = OpSupport.longs(indices);
            for (int i = 0; i < idx.length; i++) {
                idx[i] = idx[i] < 0 ? idx[i] + dims[axis] : idx[i];
            }
            NDArray y = OpSupport.takeAlong(x, axis, idx);
            long[] iShape = OpSupport.dims(indices);
            long[] out = new long[dims.length - 1 + iShape.length];
            System.arraycopy(dims, 0, out, 0, axis);
            System.arraycopy(iShape, 0, out, axis, iShape.length);
            System.arraycopy(dims, axis + 1, out, axis + iShape.length, dims.length - axis - 1);
            return OpSupport.one(y.reshape(new Shape(out)));
        };
    }

    /** Pad: constant, reflect or edge; pads as input (opset 11+) or attribute (older). */
    private static Op pad(Node node) {
        Attributes a = node.attributes();
        String mode = a.getString("mode", "constant");
        if (!mode.equals("constant") && !mode.equals("reflect") && !mode.equals("edge")) {
            throw OpSupport.unsupported(node, "Pad mode '" + mode + "' (constant, reflect, edge are supported)");
        }
        float valueAttr = a.getFloat("value", 0f);
        return (ctx, in) -> {
            NDArray x = in.get(0);
            long[] pads = OpSupport.inputOrAttr(in, 1, a.getLongs("pads", null));
            int rank = x.getShape().dimension();
            long[] begin = java.util.Arrays.copyOfRange(pads, 0, rank);
            long[] end = java.util.Arrays.copyOfRange(pads, rank, 2 * rank);
            if (mode.equals("constant")) {
                NDArray v = OpSupport.optional(in, 2);
                double value = v != null ? OpSupport.doubles(v)[0] : valueAttr;
                return OpSupport.one(x.pad(OpSupport.torchPads(begin, end), value));
            }
            NDArray y = x;
            for (int axis = 0; axis < rank; axis++) {
                if (begin[axis] == 0 && end[axis] == 0) {
                    continue;
                }
                long dim = x.getShape().get(axis);
                long[] idx = new long[(int) (dim + begin[axis] + end[axis])];
                for (int i = 0; i < idx.length; i++) {
                    long j = i - begin[axis];
                    idx[i] = mode.equals("edge") ? Math.max(0, Math.min(dim - 1, j)) : reflect(j, dim);
                }
                y = OpSupport.takeAlong(y, axis, idx);
            }
            return OpSupport.one(y);
        };
    }

    private static long reflect(long j, long dim) {
        if (dim == 1) {
            return 0;
        }
        long period = 2 * (dim - 1);
        long m = Math.floorMod(j, period);
        return m < dim ? m : period - m;
    }
}
