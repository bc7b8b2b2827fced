package dev.visor.optvis.step;

/** Pulls pixels towards a grey level each step: x ← c + (1 − decay)·(x − c) (Yosinski: decay 1e-4 towards the mean). */
public record L2Decay(float decay, float centre) implements ImageOp {
    @Override
    public void apply(StepContext ctx) {
        ctx.pixels("L2 decay");
        ctx.param().update(0, ctx.local(0).sub(centre).mul(1 - decay).add(centre));
    }

    @Override
    public String describe() {
        return "decay(" + decay + ")";
    }
}
