package dev.visor.optvis.step;

/** Shrinks a latent code towards 0 after every step: h ← factor·h (DGN-AM: 0.99). */
public record LatentDecay(float factor) implements ImageOp {
    @Override
    public void apply(StepContext ctx) {
        var latent = ctx.latent("decaying a code");
        latent.update(0, latent.code().mul(factor));
    }

    @Override
    public String describe() {
        return "decay-code(" + factor + ")";
    }
}
