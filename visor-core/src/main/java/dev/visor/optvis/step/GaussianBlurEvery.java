package dev.visor.optvis.step;

import dev.visor.optvis.Filters;

/** Blurs the image with a Gaussian of {@code sigma} pixels every {@code every} steps (Yosinski: 1.0 every 4). */
public record GaussianBlurEvery(double sigma, int every) implements ImageOp {
    @Override
    public void apply(StepContext ctx) {
        ctx.pixels("blur");
        if (every > 0 && ctx.step() % every == 0) {
            ctx.param().update(0, Filters.gaussianBlur(ctx.local(0), sigma));
        }
    }

    @Override
    public String describe() {
        return "blur(" + sigma + " every " + every + ")";
    }
}
