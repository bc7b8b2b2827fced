package dev.visor.optvis.step;

import ai.djl.ndarray.NDArray;

/** Clips raw pixels to [lo, hi] after every step. */
public record ClipRange(float lo, float hi) implements ImageOp {
    @Override
    public void apply(StepContext ctx) {
        ctx.pixels("clipping to a range");
        NDArray x = ctx.local(0);
        ctx.param().update(0, x.maximum(lo).minimum(hi));
    }

    @Override
    public String describe() {
        return "clip[" + lo + ", " + hi + "]";
    }
}
