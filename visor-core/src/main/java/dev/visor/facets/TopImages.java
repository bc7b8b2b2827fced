package dev.visor.facets;

import dev.visor.data.Dataset;
import dev.visor.model.Model;
import dev.visor.optvis.objective.Evaluation;
import dev.visor.optvis.objective.Objective;
import dev.visor.stats.DatasetPass;
import dev.visor.stats.DerivedLayer;
import dev.visor.stats.PassListener;
import dev.visor.stats.TopK;
import dev.visor.top.TopSettings;
import java.util.List;

/**
 * A unit's top-N images of a dataset, highest activation first: step 1 of multifaceted FV.
 *
 * @param indices     dataset indices, by falling activation
 * @param activations the unit's activation on each, same order
 */
public record TopImages(int[] indices, float[] activations) {
    /** Name under which the pass keeps the objective's scores. */
    static final String SCORE = "facet-objective";

    /** Checks the two arrays agree. */
    public TopImages {
        if (indices.length != activations.length) {
            throw new IllegalArgumentException(indices.length + " indices but " + activations.length + " activations");
        }
    }

    /**
     * The {@code n} images on which {@code unit} scores highest, from the one streaming pass of {@code visor top}
     * ({@link DatasetPass} with a {@link TopK} of the objective's score, kept as a derived one-unit layer; ties:
     * the lower index). The score is the objective's own (e.g. a channel's mean), the value the renders maximise.
     *
     * @param unit a validated objective, one score per image
     */
    public static TopImages of(Model model, Dataset dataset, Objective unit, int n, PassListener listener) {
        return ofEach(model, dataset, List.of(unit), n, listener).get(0);
    }

    /**
     * The top {@code n} images of each objective, all from one pass over the dataset (one derived layer per
     * objective), e.g. every class of a classifier at once.
     */
    public static List<TopImages> ofEach(Model model, Dataset dataset, List<Objective> units, int n, PassListener listener) {
        DatasetPass pass = DatasetPass.of(model, dataset).statistics(TopK.spec(n)).batchSize(TopSettings.DEFAULT_BATCH_SIZE)
                .listener(listener);
        for (int u = 0; u < units.size(); u++) {
            Objective unit = units.get(u);
            pass.derived(new DerivedLayer(SCORE + "-" + u, List.copyOf(unit.layers()),
                    (acts, images) -> unit.score(new Evaluation(acts, images))));
        }
        DatasetPass.Result r = pass.run();
        List<TopImages> out = new java.util.ArrayList<>();
        for (int u = 0; u < units.size(); u++) {
            List<TopK.Entry> top = r.statistics().get(SCORE + "-" + u, TopK.class).entries(0);
            int[] idx = new int[top.size()];
            float[] act = new float[top.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = top.get(i).image();
                act[i] = top.get(i).value();
            }
            out.add(new TopImages(idx, act));
        }
        return out;
    }

    /** The first {@code n} (the best n); all when there are fewer. */
    public TopImages first(int n) {
        return n >= indices.length ? this
                : new TopImages(java.util.Arrays.copyOf(indices, n), java.util.Arrays.copyOf(activations, n));
    }

    /** Number of images. */
    public int size() {
        return indices.length;
    }

    /** The mean activation of the images: must-show 1's bar for a facet render. */
    public double meanActivation() {
        double s = 0;
        for (float a : activations) {
            s += a;
        }
        return s / activations.length;
    }
}
