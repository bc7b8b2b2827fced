package dev.visor.optvis.step;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/**
 * Clips a latent code to [lo, upper] after every step, the upper bound per code unit (DGN-AM: lo 0, upper
 * 3 × the unit's largest activation over real data) or one value for all (PPGN: [0, 30]).
 *
 * @param lo    the lower bound
 * @param upper the upper bound of each code unit (length = code size), or one value for every unit
 */
public record LatentClip(float lo, float[] upper) implements ImageOp {
    /** Copies the bounds. */
    public LatentClip {
        upper = upper.clone();
    }

    /** One bound for every unit. */
    public static LatentClip of(float lo, float hi) {
        return new LatentClip(lo, new float[] {hi});
    }

    @Override
    public void apply(StepContext ctx) {
        var latent = ctx.latent("clipping a code");
        NDArray h = latent.code();
        NDArray low = h.maximum(lo);
        low.attach(ctx.manager());
        if (upper.length == 1) {
            latent.update(0, low.minimum(upper[0]));
        } else {
            latent.update(0, low.minimum(latent.constant("clip-upper", upper)));
        }
    }

    @Override
    public String describe() {
        if (upper.length == 1) {
            return "clip-code[" + lo + ", " + upper[0] + "]";
        }
        float max = 0;
        for (float u : upper) {
            max = Math.max(max, u);
        }
        return "clip-code[" + lo + ", per-unit upper ≤ " + max + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatentClip c && c.lo == lo && Arrays.equals(c.upper, upper);
    }

    @Override
    public int hashCode() {
        return 31 * Float.hashCode(lo) + Arrays.hashCode(upper);
    }
}
