package dev.visor.optvis.transform;

import ai.djl.ndarray.NDArray;

/**
 * A seeded stochastic image transform (transformation robustness, Olah 2017): maps an NCHW batch
 * to another NCHW batch, differentiably, drawing its randomness from the context's {@code RunRandom}.
 * The same draw applies to every item of the batch.
 */
public interface Transform {
    /** Transforms a batch; arrays are made in the batch's manager. */
    NDArray apply(NDArray image, TransformContext ctx);

    /** A short description for sidecars, e.g. {@code jitter(8)}. */
    String describe();
}
