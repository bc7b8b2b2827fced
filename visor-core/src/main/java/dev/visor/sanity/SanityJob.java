package dev.visor.sanity;

import ai.djl.ndarray.NDArray;
import dev.visor.attribution.AttributionMap;
import dev.visor.attribution.AttributionMethod;
import dev.visor.attribution.Attributor;
import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Split;
import dev.visor.model.Model;
import dev.visor.model.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code sanity} job: the maps of the trained model, then the same maps under cascading randomisation
 * (the top weighted layer, then the top two, … ) and independent randomisation (one layer at a time), each
 * compared with the original by {@link MapSimilarity#spearman} and {@link MapSimilarity#ssim} of |map|. The
 * target stays the trained model's top-1 class and the Grad-CAM layer the trained model's default, so only
 * the weights change. Every randomised model is a {@link RandomizedCopy}; the trained model is never changed.
 */
public final class SanityJob {
    private SanityJob() {}

    /** How the weights were randomised. */
    public enum Mode {
        /** The top k layers together. */
        CASCADING,
        /** One layer alone. */
        INDEPENDENT,
        /** A copy of the architecture trained on shuffled labels (all layers differ). */
        DATA
    }

    /**
     * One comparison.
     *
     * @param mode     cascading or independent
     * @param layer    the layer randomised last (cascading) or alone (independent)
     * @param count    layers randomised
     * @param spearman rank correlation of |map| with the original's, per method in settings order
     * @param ssim     SSIM of |map| with the original's, per method
     */
    public record Row(Mode mode, String layer, int count, double[] spearman, double[] ssim) {}

    /**
     * The test's result.
     *
     * @param methods  the methods, in the order of each row's values
     * @param topClass the trained model's top-1 class, the target of every map
     * @param camLayer the Grad-CAM layer (null without Grad-CAM)
     * @param rows     cascading rows from the top layer down, then independent rows, then the data test's row
     * @param seconds  wall time of the whole test
     * @param settings what was run
     * @param dataAccuracy the data test's copy: its accuracy on its shuffled training labels (NaN without the data test)
     */
    public record Result(List<AttributionMethod> methods, int topClass, String camLayer, List<Row> rows, double seconds,
                         SanitySettings settings, double dataAccuracy) {}

    /**
     * Checks, before any work, what the data test needs: the model's architecture and labelled data.
     *
     * @return the architecture to retrain, or null without the data test
     */
    public static String check(Model model, SanitySettings s) {
        if (s.data() == null) {
            return null;
        }
        String architecture = DataRandomisation.architecture(model.source());
        Dataset data = Datasets.open(s.data(), Split.TRAIN);
        if (!data.labelled()) {
            throw new dev.visor.VisorException("data randomisation needs labelled data; " + data.name() + " has no labels");
        }
        return architecture;
    }

    /** Runs the test on one image (1, C, H, W) in [0, 1] at the model's input size. */
    public static Result run(Model model, NDArray image01, SanitySettings s) {
        long t0 = System.nanoTime();
        Attributor trained = new Attributor(model);
        String camLayer = s.methods().contains(AttributionMethod.GRAD_CAM) ? trained.defaultLayer(null) : null;
        String architecture = check(model, s);
        int pixels = (int) (image01.getShape().get(2) * image01.getShape().get(3));
        Map<AttributionMethod, float[]> original = new LinkedHashMap<>();
        int[] top = new int[1];
        for (AttributionMethod m : s.methods()) {
            AttributionMap r = trained.run(image01, m, null, camLayer);
            top[0] = r.classes()[0];
            original.put(m, MapSimilarity.magnitude(r.map().toFloatArray(), pixels));
        }
        dev.visor.optvis.objective.Objective target = dev.visor.optvis.objective.Objectives.logit(model.graph().outputs().get(0), top[0]);
        List<Node> fromTop = new ArrayList<>(RandomizedCopy.weightedLayers(model));
        Collections.reverse(fromTop);
        int depth = s.depth() == 0 ? fromTop.size() : Math.min(s.depth(), fromTop.size());
        List<Row> rows = new ArrayList<>();
        for (Mode mode : List.of(Mode.CASCADING, Mode.INDEPENDENT)) {
            for (int k = 1; k <= depth; k++) {
                List<Node> layers = mode == Mode.CASCADING ? fromTop.subList(0, k) : List.of(fromTop.get(k - 1));
                try (Model copy = RandomizedCopy.of(model, layers, s.seed())) {
                    rows.add(compare(copy, image01, s, original, target, camLayer, mode, fromTop.get(k - 1).name(), layers.size()));
                }
            }
        }
        double dataAccuracy = Double.NaN;
        if (s.data() != null) {
            Dataset data = Datasets.open(s.data(), Split.TRAIN);
            DataRandomisation.Copy copy = DataRandomisation.train(architecture, data, s.dataImages(), s.dataEpochs(), s.seed());
            try (Model m = copy.model()) {
                rows.add(compare(m, image01, s, original, target, camLayer, Mode.DATA, "all (shuffled labels)", fromTop.size()));
            }
            dataAccuracy = copy.trainAccuracy();
        }
        return new Result(s.methods(), top[0], camLayer, rows, (System.nanoTime() - t0) / 1e9, s, dataAccuracy);
    }

    /** One row: every method's map on {@code copy} against the trained model's. */
    private static Row compare(Model copy, NDArray image01, SanitySettings s, Map<AttributionMethod, float[]> original,
                               dev.visor.optvis.objective.Objective target, String camLayer, Mode mode, String layer, int count) {
        int h = (int) image01.getShape().get(2);
        int w = (int) image01.getShape().get(3);
        double[] rho = new double[s.methods().size()];
        double[] ssim = new double[s.methods().size()];
        Attributor at = new Attributor(copy);
        for (int i = 0; i < s.methods().size(); i++) {
            AttributionMethod m = s.methods().get(i);
            float[] map = MapSimilarity.magnitude(at.run(image01, m, target, camLayer).map().toFloatArray(), h * w);
            rho[i] = MapSimilarity.spearman(original.get(m), map);
            ssim[i] = MapSimilarity.ssim(original.get(m), map, h, w);
        }
        return new Row(mode, layer, count, rho, ssim);
    }
}
