package dev.visor.ppgn;

import ai.djl.ndarray.NDArray;
import dev.visor.optvis.step.ImageOp;
import dev.visor.optvis.step.StepContext;

/**
 * Resets every chain to its start code after each {@code every} steps (PPGN's hidden-unit
 * condition restarts its chains every 100 steps, so the samples do not all drift to one mode).
 *
 * @param start the start codes (N, code...), owned by the caller
 * @param every steps between resets
 */
public record ChainReset(NDArray start, int every) implements ImageOp {
    @Override
    public void apply(StepContext ctx) {
        if (every > 0 && (ctx.step() + 1) % every == 0 && ctx.step() + 1 < ctx.steps()) {
            NDArray h = start.duplicate();
            h.attach(ctx.manager());
            ctx.latent("resetting chains").update(0, h);
        }
    }

    @Override
    public String describe() {
        return "reset-chains(every " + every + ")";
    }
}
