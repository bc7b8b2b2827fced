package dev.visor.model.ops;

import dev.visor.model.OpRegistry;

/** Registers every op family Visor supports. One line per family; each family is one class. */
public final class StandardOps {
    private StandardOps() {}

    /** Adds all supported op types to the registry. */
    public static void registerAll(OpRegistry r) {
        ConvOps.register(r);
        NormOps.register(r);
        ActivationOps.register(r);
        UnaryOps.register(r);
        SoftmaxOps.register(r);
        PoolOps.register(r);
        MathOps.register(r);
        LogicOps.register(r);
        ReduceOps.register(r);
        ShapeOps.register(r);
        IndexOps.register(r);
        ResizeOp.register(r);
    }
}
