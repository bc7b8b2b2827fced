package dev.visor.optvis.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Yosinski 2015's pixel clipping: per image, pixels whose score is below the given percentile are
 * reset to grey. The score is either the pixel's norm over channels (distance from grey) or its
 * contribution |Σ_c (x − c)·g| to the activation (a first-order estimate of what removing it costs).
 */
public record PercentileClip(Score score, double percentile, float centre) implements ImageOp {
    /** What ranks pixels. */
    public enum Score {
        /** ‖x − c‖ over channels. */
        NORM,
        /** |Σ_c (x − c)·g|. */
        CONTRIBUTION
    }

    @Override
    public void apply(StepContext ctx) {
        ctx.pixels("percentile clipping");
        NDArray x = ctx.local(0).sub(centre);
        NDArray s = score == Score.NORM ? x.square().sum(new int[] {1}).sqrt()
                : x.mul(ctx.gradients().get(0)).sum(new int[] {1}).abs();
        long n = s.getShape().get(0);
        int plane = (int) (s.size() / n);
        float[] v = s.toFloatArray();
        float[] keep = new float[v.length];
        for (int i = 0; i < n; i++) {
            float[] sorted = Arrays.copyOfRange(v, i * plane, (i + 1) * plane);
            Arrays.sort(sorted);
            float threshold = sorted[Math.min(plane - 1, (int) Math.floor(percentile / 100.0 * plane))];
            for (int p = 0; p < plane; p++) {
                keep[i * plane + p] = v[i * plane + p] < threshold ? 0f : 1f;
            }
        }
        NDArray mask = ctx.manager().create(keep, new Shape(n, 1, s.getShape().get(1), s.getShape().get(2)));
        ctx.param().update(0, x.mul(mask).add(centre));
    }

    @Override
    public String describe() {
        return "clip-" + score.name().toLowerCase() + "(" + percentile + "%)";
    }
}
