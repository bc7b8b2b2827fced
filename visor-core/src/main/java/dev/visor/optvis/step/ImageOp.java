package dev.visor.optvis.step;

/**
 * An operation applied every step besides the step rule: on the gradients before the step
 * (masking, e.g. multifaceted FV's central window) or on the image after it (decay, blur,
 * clipping, denoising: Yosinski 2015's regularisers).
 */
public interface ImageOp {
    /** When an operation runs. */
    enum Phase {
        /** On {@code ctx.gradients()}, before the step rule. */
        BEFORE_STEP,
        /** On the parameters, after the step rule. */
        AFTER_STEP
    }

    /** When this operation runs. */
    default Phase phase() {
        return Phase.AFTER_STEP;
    }

    /** Applies the operation. */
    void apply(StepContext ctx);

    /** A short description for sidecars. */
    String describe();
}
