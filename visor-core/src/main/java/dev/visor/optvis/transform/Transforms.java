package dev.visor.optvis.transform;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Chains of transforms. */
public final class Transforms {
    private Transforms() {}

    /**
     * Lucid's standard chain: pad, jitter, random scale, random rotate, jitter.
     *
     * @param pad     padding (Lucid 12)
     * @param jitter  first jitter (Lucid 8)
     * @param scaleMin smallest scale (Lucid 0.9)
     * @param scaleMax largest scale (Lucid 1.1)
     * @param rotate  largest rotation in degrees (Lucid 10)
     * @param jitter2 last jitter (Lucid 4)
     */
    public static List<Transform> standard(int pad, int jitter, double scaleMin, double scaleMax, int rotate, int jitter2) {
        List<Transform> t = new ArrayList<>();
        if (pad > 0) {
            t.add(new Pad(pad, 0.5f));
        }
        if (jitter > 0) {
            t.add(new Jitter(jitter));
        }
        if (scaleMin != 1 || scaleMax != 1) {
            t.add(new RandomScale(scaleMin, scaleMax, 11));
        }
        if (rotate > 0) {
            t.add(new RandomRotate(rotate));
        }
        if (jitter2 > 0) {
            t.add(new Jitter(jitter2));
        }
        return t;
    }

    /**
     * Applies a chain in order. A pad followed by a jitter runs as one uneven pad (the same values). Consecutive {@link CanvasWarp}s with the same fill (scale, then rotate) run as one
     * resampling by the product of their matrices, drawn in chain order (so the random stream is the same).
     */
    public static NDArray apply(List<Transform> chain, NDArray image, TransformContext ctx) {
        NDArray x = image;
        for (int i = 0; i < chain.size(); i++) {
            Transform t = chain.get(i);
            if (t instanceof Pad pad && i + 1 < chain.size() && chain.get(i + 1) instanceof Jitter jitter) {
                x = pad.applyThen(jitter, x, ctx);
                i++;
                continue;
            }
            if (!(t instanceof CanvasWarp w)) {
                x = t.apply(x, ctx);
                continue;
            }
            double[] m = w.draw(ctx);
            while (i + 1 < chain.size() && chain.get(i + 1) instanceof CanvasWarp next && next.fill() == w.fill()) {
                m = CanvasWarp.then(m, next.draw(ctx));
                i++;
            }
            x = CanvasWarp.warp(x, m, w.fill());
        }
        return x;
    }

    /** Descriptions joined. */
    public static String describe(List<Transform> chain) {
        return chain.stream().map(Transform::describe).collect(Collectors.joining(" → "));
    }
}
