package dev.visor.sanity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.model.Model;
import dev.visor.model.Node;
import dev.visor.optvis.BatchRender;
import dev.visor.optvis.RenderSettings;
import dev.visor.optvis.objective.Objective;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Adebayo et al.'s cascading randomisation applied to activation maximisation: does a unit's render depend on
 * the trained weights? The unit is rendered by {@link BatchRender} on the trained model, then on
 * {@link RandomizedCopy copies} with the top 1, 2, … weighted layers re-drawn, each time with the same recipe
 * and seed (so the starting noise and transforms are identical); each render is compared with the trained
 * model's by {@link MapSimilarity#spearman} and {@link MapSimilarity#ssim} of its pixels (summed over channels).
 * A render changes only once the cascade reaches a layer at or below the unit.
 */
public final class RenderCascade {
    private RenderCascade() {}

    /**
     * One render.
     *
     * @param layer    the layer randomised last ("" for the trained model)
     * @param count    layers randomised (0: the trained model)
     * @param spearman rank correlation of its pixels with the trained model's render
     * @param ssim     SSIM with the trained model's render
     * @param score    the objective's value at the end of the render, on the model that rendered it
     * @param image    (1, C, H, W) in [0, 1], in the caller's manager
     */
    public record Row(String layer, int count, double spearman, double ssim, float score, NDArray image) {}

    /** The cascade: the trained model's render first. */
    public record Result(String objective, List<Row> rows, double seconds) {}

    /**
     * Runs the cascade.
     *
     * @param depth randomise at most the top {@code depth} weighted layers (0: all)
     * @param seed  the render's seed, and the random weights' ({@link RandomizedCopy#of})
     * @param out   manager of the rendered images
     */
    public static Result run(Model model, Objective unit, RenderSettings recipe, int depth, long seed, NDManager out) {
        long t0 = System.nanoTime();
        List<Node> fromTop = new ArrayList<>(RandomizedCopy.weightedLayers(model));
        Collections.reverse(fromTop);
        int n = depth == 0 ? fromTop.size() : Math.min(depth, fromTop.size());
        List<Row> rows = new ArrayList<>();
        float[] reference = null;
        int h = 0;
        int w = 0;
        for (int k = 0; k <= n; k++) {
            Model m = k == 0 ? model : RandomizedCopy.of(model, fromTop.subList(0, k), seed);
            try {
                var r = BatchRender.render(m, List.of(unit), recipe, seed, List.of(), out);
                NDArray img = r.image();
                h = (int) img.getShape().get(2);
                w = (int) img.getShape().get(3);
                float[] pixels = MapSimilarity.magnitude(img.toFloatArray(), h * w);
                if (k == 0) {
                    reference = pixels;
                }
                rows.add(new Row(k == 0 ? "" : fromTop.get(k - 1).name(), k, MapSimilarity.spearman(reference, pixels),
                        MapSimilarity.ssim(reference, pixels, h, w), r.finalScores()[0], img));
            } finally {
                if (k > 0) {
                    m.close();
                }
            }
        }
        return new Result(unit.describe(), rows, (System.nanoTime() - t0) / 1e9);
    }
}
