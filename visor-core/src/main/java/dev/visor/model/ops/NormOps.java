package dev.visor.model.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import dev.visor.model.Attributes;
import dev.visor.model.Node;
import dev.visor.model.Op;
import dev.visor.model.OpRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Normalisations: BatchNormalization, LRN, InstanceNormalization, LayerNormalization. */
final class NormOps {
    private NormOps() {}

    static void register(OpRegistry r) {
        r.register("BatchNormalization", NormOps::batchNorm);
        r.register("LRN", NormOps::lrn);
        r.register("InstanceNormalization", NormOps::instanceNorm);
        r.register("LayerNormalization", NormOps::layerNorm);
    }

    private static Op batchNorm(Node node) {
        Attributes a = node.attributes();
        float eps = a.getFloat("epsilon", 1e-5f);
        float momentum = a.getFloat("momentum", 0.9f);
        if (node.outputs().stream().skip(1).anyMatch(o -> !o.isEmpty()) || a.getInt("training_mode", 0) == 1) {
            throw OpSupport.unsupported(node, "BatchNormalization training_mode outputs (running mean/var)");
        }
        return (ctx, in) -> {
            NDArray x = in.get(0);
            // DJL takes MXNet's momentum (weight of the old running value), as ONNX does.
            return OpSupport.one(BatchNorm.batchNorm(x, in.get(3), in.get(4), in.get(1), in.get(2), 1, momentum, eps,
                    ctx.training()).singletonOrThrow());
        };
    }

    /**
     * Local response normalisation across channels: y = x / (bias + alpha/size · Σ x²)^beta over the
     * window [c − ⌊(size−1)/2⌋, c + ⌈(size−1)/2⌉]. DJL has no LRN: the window sum is an average pool
     * over the channel axis of x².
     */
    private static Op lrn(Node node) {
        Attributes a = node.attributes();
        int size = a.getInt("size", 1);
        float alpha = a.getFloat("alpha", 1e-4f);
        float beta = a.getFloat("beta", 0.75f);
        float bias = a.getFloat("bias", 1f);
        return (ctx, in) -> {
            NDArray x = in.get(0);
            long[] d = OpSupport.dims(x);
            NDArray sq = x.square().reshape(d[0], 1, d[1], OpSupport.prod(d, 2, d.length));
            sq = sq.pad(new Shape(0, 0, (size - 1) / 2, size / 2), 0);
            NDArray sum = sq.getNDArrayInternal().avgPool(new Shape(size, 1), new Shape(1, 1), new Shape(0, 0), false, true);
            NDArray denom = sum.reshape(new Shape(d)).mul(alpha).add(bias).pow(beta);
            return OpSupport.one(x.div(denom));
        };
    }

    private static Op instanceNorm(Node node) {
        float eps = node.attributes().getFloat("epsilon", 1e-5f);
        return (ctx, in) -> {
            NDArray x = in.get(0);
            long[] d = OpSupport.dims(x);
            NDArray flat = x.reshape(d[0], d[1], -1);
            NDArray mean = flat.mean(new int[] {2}, true);
            NDArray centred = flat.sub(mean);
            NDArray var = centred.square().mean(new int[] {2}, true);
            NDArray y = centred.div(var.add(eps).sqrt()).reshape(new Shape(d));
            long[] pd = new long[d.length];
            Arrays.fill(pd, 1);
            pd[1] = d[1];
            Shape ps = new Shape(pd);
            return OpSupport.one(y.mul(in.get(1).reshape(ps)).add(in.get(2).reshape(ps)));
        };
    }

    private static Op layerNorm(Node node) {
        Attributes a = node.attributes();
        long axisAttr = a.getLong("axis", -1);
        float eps = a.getFloat("epsilon", 1e-5f);
        return (ctx, in) -> {
            NDArray x = in.get(0);
            long[] d = OpSupport.dims(x);
            int axis = OpSupport.axis(axisAttr, d.length);
            NDArray flat = x.reshape(OpSupport.prod(d, 0, axis), OpSupport.prod(d, axis, d.length));
            NDArray mean = flat.mean(new int[] {1}, true);
            NDArray centred = flat.sub(mean);
            NDArray invStd = centred.square().mean(new int[] {1}, true).add(eps).sqrt().pow(-1f);
            NDArray y = centred.mul(invStd).reshape(new Shape(d)).mul(in.get(1));
            NDArray b = OpSupport.optional(in, 2);
            if (b != null) {
                y = y.add(b);
            }
            long[] statShape = d.clone();
            for (int i = axis; i < d.length; i++) {
                statShape[i] = 1;
            }
            List<NDArray> out = new ArrayList<>(List.of(y, mean.reshape(new Shape(statShape)),
                    invStd.reshape(new Shape(statShape))));
            return out;
        };
    }
}
