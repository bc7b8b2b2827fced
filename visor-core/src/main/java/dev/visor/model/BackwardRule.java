package dev.visor.model;

import ai.djl.ndarray.NDArray;

/**
 * How gradients pass back through rectifiers. PLAIN is ordinary autograd; the others are the
 * modified backward passes of the attribution methods (REFERENCE.md §5), applied without a second
 * implementation of the network.
 */
public enum BackwardRule {
    /** grad_in = grad_out · f'(x): the true gradient. */
    PLAIN,
    /** Guided backprop (Springenberg 2015): grad_in = max(grad_out, 0) · f'(x). */
    GUIDED,
    /** DeconvNet (Zeiler and Fergus 2014): grad_in = max(grad_out, 0), the forward mask ignored. */
    DECONVNET;

    /**
     * The gradient at a rectifier's input.
     *
     * @param gradOut the gradient at its output
     * @param slope   its local derivative f'(x)
     */
    public NDArray apply(NDArray gradOut, NDArray slope) {
        return switch (this) {
            case PLAIN -> gradOut.mul(slope);
            case GUIDED -> gradOut.maximum(0f).mul(slope);
            case DECONVNET -> gradOut.maximum(0f);
        };
    }
}
