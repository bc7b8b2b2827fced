package dev.visor.engine;

import ai.djl.ndarray.NDArray;

/**
 * Multiplying or dividing by a constant on a differentiable path. DJL's {@code mul(Number)} and
 * {@code div(Number)} make a scalar tensor over a Java direct buffer, run the op and close the
 * scalar at once; autograd has saved it for the backward pass, so once the garbage collector frees
 * the buffer, backward reads freed memory (NaN, 0 or 1e23 gradients, measured). These helpers keep
 * the scalar in the operand's manager, alive until that manager (the step) closes.
 */
public final class Scalars {
    private Scalars() {}

    /** x · v, safe to back-propagate through. */
    public static NDArray times(NDArray x, double v) {
        return x.mul(x.getManager().create((float) v).toType(x.getDataType(), false));
    }

    /** max(x, v) element-wise, safe to back-propagate through. */
    public static NDArray max(NDArray x, double v) {
        return x.maximum(x.getManager().create((float) v).toType(x.getDataType(), false));
    }

    /** min(x, v) element-wise, safe to back-propagate through. */
    public static NDArray min(NDArray x, double v) {
        return x.minimum(x.getManager().create((float) v).toType(x.getDataType(), false));
    }

    /** x to the power v, safe to back-propagate through. */
    public static NDArray pow(NDArray x, double v) {
        return x.pow(x.getManager().create((float) v).toType(x.getDataType(), false));
    }

    /** x / v, safe to back-propagate through. */
    public static NDArray divide(NDArray x, double v) {
        return x.div(x.getManager().create((float) v).toType(x.getDataType(), false));
    }
}
