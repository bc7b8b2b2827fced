package dev.visor.model.ops;

import ai.djl.ndarray.NDArray;
import dev.visor.model.Attributes;
import dev.visor.model.Node;
import dev.visor.model.Op;
import dev.visor.model.OpRegistry;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/** Reductions (axes as attribute, or as input for opset-13 ReduceSum and opset-18 forms), ArgMax, ArgMin. */
final class ReduceOps {
    private ReduceOps() {}

    static void register(OpRegistry r) {
        reduce(r, "ReduceMean", x -> x, (x, ax) -> x.mean(ax, true), x -> x);
        reduce(r, "ReduceMax", x -> x, (x, ax) -> x.max(ax, true), x -> x);
        reduce(r, "ReduceMin", x -> x, (x, ax) -> x.min(ax, true), x -> x);
        reduce(r, "ReduceSum", x -> x, (x, ax) -> x.sum(ax, true), x -> x);
        reduce(r, "ReduceProd", x -> x, (x, ax) -> x.prod(ax, true), x -> x);
        reduce(r, "ReduceSumSquare", NDArray::square, (x, ax) -> x.sum(ax, true), x -> x);
        reduce(r, "ReduceL1", NDArray::abs, (x, ax) -> x.sum(ax, true), x -> x);
        reduce(r, "ReduceL2", NDArray::square, (x, ax) -> x.sum(ax, true), NDArray::sqrt);
        reduce(r, "ReduceLogSum", x -> x, (x, ax) -> x.sum(ax, true), NDArray::log);
        r.register("ReduceLogSumExp", node -> {
            Op max = reduceOp(node, x -> x, (x, ax) -> x.max(ax, true), x -> x, true);
            return (ctx, in) -> {
                NDArray x = in.get(0);
                // Stable: max + log Σ exp(x − max), with the max kept for broadcasting.
                NDArray m = max.apply(ctx, in).get(0);
                NDArray s = reduceOp(node, NDArray::exp, (y, ax) -> y.sum(ax, true), NDArray::log, false)
                        .apply(ctx, java.util.List.of(x.sub(m))).get(0);
                NDArray mk = node.attributes().getInt("keepdims", 1) == 1 ? m : m.reshape(s.getShape());
                return OpSupport.one(s.add(mk));
            };
        });
        r.register("ArgMax", node -> arg(node, true));
        r.register("ArgMin", node -> arg(node, false));
    }

    private static void reduce(OpRegistry r, String type, UnaryOperator<NDArray> pre,
                               BiFunction<NDArray, int[], NDArray> f, UnaryOperator<NDArray> post) {
        r.register(type, node -> reduceOp(node, pre, f, post, false));
    }

    private static Op reduceOp(Node node, UnaryOperator<NDArray> pre, BiFunction<NDArray, int[], NDArray> f,
                               UnaryOperator<NDArray> post, boolean forceKeep) {
        Attributes a = node.attributes();
        boolean keep = forceKeep || a.getInt("keepdims", 1) == 1;
        boolean noopEmpty = a.getInt("noop_with_empty_axes", 0) == 1;
        long[] axesAttr = a.getLongs("axes", null);
        return (ctx, in) -> {
            NDArray x = in.get(0);
            int rank = x.getShape().dimension();
            long[] axes = OpSupport.inputOrAttr(in, 1, axesAttr);
            if (axes == null || axes.length == 0) {
                if (noopEmpty) {
                    return OpSupport.one(x);
                }
                axes = new long[rank];
                for (int i = 0; i < rank; i++) {
                    axes[i] = i;
                }
            }
            int[] sorted = OpSupport.axes(axes, rank);
            NDArray y = pre.apply(x);
            for (int i = sorted.length - 1; i >= 0; i--) {
                y = f.apply(y, new int[] {sorted[i]});
            }
            y = post.apply(y);
            if (!keep) {
                y = y.squeeze(sorted);
            }
            return OpSupport.one(y);
        };
    }

    private static Op arg(Node node, boolean max) {
        Attributes a = node.attributes();
        long axisAttr = a.getLong("axis", 0);
        boolean keep = a.getInt("keepdims", 1) == 1;
        boolean last = a.getInt("select_last_index", 0) == 1;
        return (ctx, in) -> {
            NDArray x = in.get(0);
            int axis = OpSupport.axis(axisAttr, x.getShape().dimension());
            NDArray src = last ? x.flip(axis) : x;
            NDArray idx = max ? src.argMax(axis) : src.argMin(axis);
            if (last) {
                idx = idx.neg().add(x.getShape().get(axis) - 1);
            }
            return OpSupport.one(keep ? idx.expandDims(axis) : idx);
        };
    }
}
