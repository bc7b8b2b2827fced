package dev.visor.model.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.norm.BatchNorm;
import dev.visor.model.Attributes;
import dev.visor.model.Node;
import dev.visor.model.OpRegistry;

/** Normalisations: BatchNormalization (inference, and training with running-statistics updates). */
final class NormOps {
    private NormOps() {}

    static void register(OpRegistry r) {
        r.register("BatchNormalization", NormOps::batchNorm);
    }

    private static dev.visor.model.Op batchNorm(Node node) {
        Attributes a = node.attributes();
        float eps = a.getFloat("epsilon", 1e-5f);
        float momentum = a.getFloat("momentum", 0.9f);
        return (ctx, in) -> {
            NDArray x = in.get(0);
            NDArray scale = in.get(1);
            NDArray bias = in.get(2);
            NDArray mean = in.get(3);
            NDArray var = in.get(4);
            // DJL takes MXNet's momentum (weight of the old running value), as ONNX does.
            return OpSupport.one(BatchNorm.batchNorm(x, mean, var, scale, bias, 1, momentum, eps, ctx.training())
                    .singletonOrThrow());
        };
    }
}
