package dev.visor.model.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import dev.visor.model.Attributes;
import dev.visor.model.Node;
import dev.visor.model.Op;
import dev.visor.model.OpRegistry;

/** 2-D pooling (NCHW): MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool. */
final class PoolOps {
    private PoolOps() {}

    static void register(OpRegistry r) {
        r.register("MaxPool", node -> pool(node, true));
        r.register("AveragePool", node -> pool(node, false));
        r.register("GlobalAveragePool", node -> (ctx, in) -> OpSupport.one(in.get(0).mean(new int[] {3}, true).mean(new int[] {2}, true)));
        r.register("GlobalMaxPool", node -> (ctx, in) -> OpSupport.one(in.get(0).max(new int[] {3}, true).max(new int[] {2}, true)));
    }

    private static Op pool(Node node, boolean max) {
        Attributes a = node.attributes();
        int[] k = a.getInts("kernel_shape", null);
        if (k == null || k.length != 2) {
            throw OpSupport.unsupported(node, "pooling rank (only 2-D is supported)");
        }
        int[] strides = a.getInts("strides", new int[] {1, 1});
        int[] pads = a.getInts("pads", new int[] {0, 0, 0, 0});
        int[] dil = a.getInts("dilations", new int[] {1, 1});
        if (dil[0] != 1 || dil[1] != 1) {
            throw OpSupport.unsupported(node, "pooling dilations " + java.util.Arrays.toString(dil));
        }
        boolean ceil = a.getInt("ceil_mode", 0) == 1;
        boolean countPad = a.getInt("count_include_pad", 0) == 1;
        String autoPad = a.getString("auto_pad", "NOTSET");
        return (ctx, in) -> {
            NDArray x = in.get(0);
            long[] p = Padding.resolve(autoPad, pads, x.getShape().get(2), x.getShape().get(3), k[0], k[1], strides, dil);
            Shape kernel = new Shape(k[0], k[1]);
            Shape stride = new Shape(strides[0], strides[1]);
            boolean symmetric = p[0] == p[2] && p[1] == p[3] && p[0] * 2 <= k[0] && p[1] * 2 <= k[1];
            if (max) {
                NDArray xp = x;
                Shape pad = new Shape(p[0], p[1]);
                if (!symmetric) {
                    xp = x.pad(new Shape(p[1], p[3], p[0], p[2]), Float.NEGATIVE_INFINITY);
                    pad = new Shape(0, 0);
                }
                return OpSupport.one(Pool.maxPool2d(xp, kernel, stride, pad, ceil));
            }
            if (symmetric && (countPad || (p[0] == 0 && p[1] == 0))) {
                return OpSupport.one(Pool.avgPool2d(x, kernel, stride, new Shape(p[0], p[1]), ceil, true));
            }
            // Explicit zero padding, then divide by the number of real pixels when pads are excluded.
            NDArray xp = x.pad(new Shape(p[1], p[3], p[0], p[2]), 0f);
            NDArray sum = Pool.avgPool2d(xp, kernel, stride, new Shape(0, 0), ceil, true);
            if (countPad) {
                return OpSupport.one(sum);
            }
            NDArray ones = x.getManager().ones(new Shape(1, 1, x.getShape().get(2), x.getShape().get(3)))
                    .pad(new Shape(p[1], p[3], p[0], p[2]), 0f);
            NDArray frac = Pool.avgPool2d(ones, kernel, stride, new Shape(0, 0), ceil, true);
            return OpSupport.one(sum.div(frac));
        };
    }
}
