package dev.visor.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The computation of one node. Built once per node by an {@link OpFactory} (attributes are parsed
 * there), then applied on every forward pass.
 *
 * <p>Rule for implementations: call DJL methods on the activation (the input-derived array), not on
 * a weight, so that temporary and result arrays live in the step's manager and not in the model's.
 */
public interface Op {
    /**
     * Runs the op.
     *
     * @param ctx    the forward pass (training flag, manager)
     * @param inputs input values in node order; {@code null} for an omitted optional input
     * @return output values in node order
     */
    List<NDArray> apply(OpContext ctx, List<NDArray> inputs);

    /**
     * For rectifiers (ReLU-like ops), whose backward a {@link BackwardRule} may replace: the local
     * derivative dy/dx at the input {@code x} (e.g. {@code [x > 0]} for ReLU). Other ops return null.
     */
    default NDArray rectifierSlope(NDArray x) {
        return null;
    }
}
