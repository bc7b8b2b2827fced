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
        DerivedLayer score = new DerivedLayer(SCORE, List.copyOf(unit.layers()),
                (acts, images) -> unit.score(new Evaluation(acts, images)));
        DatasetPass.Result r = DatasetPass.of(model, dataset).derived(score).statistics(TopK.spec(n))
                .batchSize(TopSettings.DEFAULT_BATCH_SIZE).listener(listener).run();
        List<TopK.Entry> top = r.statistics().get(SCORE, TopK.class).entries(0);
        int[] idx = new int[top.size()];
        float[] act = new float[top.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = top.get(i).image();
            act[i] = top.get(i).value();
        }
        return new TopImages(idx, act);
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
