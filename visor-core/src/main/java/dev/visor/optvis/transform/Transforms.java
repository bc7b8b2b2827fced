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
     * Applies a chain in order. Runs of pads, jitters, canvas warps and crops to the model's size
     * ({@link FitToModel} when it crops) are folded into one array operation ({@link CanvasRun}): integer moves
     * as one uneven pad and slice (the same values), anything with a warp as one bilinear resampling of the run's
     * input (the same values up to float rounding). Each transform draws its randomness in chain order, folded or
     * not, so the random stream is the same.
     */
    public static NDArray apply(List<Transform> chain, NDArray image, TransformContext ctx) {
        CanvasRun run = new CanvasRun(image);
        for (Transform t : chain) {
            if (t instanceof Pad pad) {
                if (pad.pixels() == 0) {
                    continue;
                }
                int p = pad.pixels();
                if (!run.pad(p, p, p, p, pad.value())) {
                    run = new CanvasRun(run.result());
                    run.pad(p, p, p, p, pad.value());
                }
            } else if (t instanceof Jitter jitter) {
                if (jitter.pixels() == 0) {
                    continue;
                }
                int[] d = jitter.draw(ctx);
                run.crop(d[0], d[1], run.height() - jitter.pixels(), run.width() - jitter.pixels());
            } else if (t instanceof CanvasWarp warp) {
                double[] m = warp.draw(ctx);
                if (m != null && !run.warp(m, warp.fill())) {
                    run = new CanvasRun(run.result());
                    run.warp(m, warp.fill());
                }
            } else if (t instanceof FitToModel fit && fit.crops(run.height(), run.width())) {
                int[] window = fit.window(run.height(), run.width());
                run.crop(window[0], window[1], window[2], window[3]);
            } else {
                run = new CanvasRun(t.apply(run.result(), ctx));
            }
        }
        return run.result();
    }

    /** Descriptions joined. */
    public static String describe(List<Transform> chain) {
        return chain.stream().map(Transform::describe).collect(Collectors.joining(" → "));
    }
}
