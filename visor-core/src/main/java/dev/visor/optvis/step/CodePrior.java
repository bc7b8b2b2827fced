package dev.visor.optvis.step;

import ai.djl.ndarray.NDArray;

/**
 * A reconstruction R of a generator's code h whose residual R(h) − h approximates the gradient of
 * log p(h) (Alain and Bengio 2014): a denoising autoencoder on h, or the "joint" reconstruction
 * h → G → image → E → h of a Noiseless Joint PPGN.
 */
public interface CodePrior {
    /** R(h) for a batch of codes (N, code...), same shape. */
    NDArray reconstruct(NDArray h);

    /** A short description for sidecars. */
    String describe();
}
