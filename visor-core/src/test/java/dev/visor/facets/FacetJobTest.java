package dev.visor.facets;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.builtin.BuiltinModels;
import dev.visor.data.Dataset;
import dev.visor.data.FashionMnist;
import dev.visor.data.Split;
import dev.visor.model.Model;
import dev.visor.optvis.BatchRender;
import dev.visor.optvis.Presets;
import dev.visor.optvis.RenderResult;
import dev.visor.optvis.RenderSettings;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.ObjectiveParser;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Multifaceted FV on builtin:fashion-cnn and Fashion-MNIST, at a reduced budget (3000 training images, the top
 * 300 of one class unit, 5 facets, short renders): must-shows 1, 3 and 6 of issue 9.
 */
class FacetJobTest {
    private static Model model;
    private static Dataset data;
    private static FacetResult result;

    /** The mfv recipe at a test budget: one octave of 60 steps. */
    static RenderSettings quickMfv() {
        return Presets.mfv().toBuilder().steps(60).octaves(1).build();
    }

    @BeforeAll
    static void run() {
        model = BuiltinModels.load("fashion-cnn");
        data = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TRAIN).head(3000);
        // Embedded at relu2 (conv block 2): at the penultimate layer, where a logit is linear, every ascent step moves
        // every render along the same direction, towards the most activating cluster (see rendersAtThePenultimateLayer).
        FacetSettings s = FacetSettings.builder("logits:1").facets(5).top(300).topFraction(1).tsneIterations(500)
                .embedLayer("relu2").render(quickMfv()).seed(1).build();
        result = FacetJob.run(model, data, s, FacetListener.none());
        System.out.println("facet stages (s): " + result.seconds());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Must-show 1: every facet render activates the unit at least as much as the mean of the unit's top-N real images. */
    @Test
    void eachFacetBeatsTheMeanOfTheTopImages() {
        double bar = result.top().meanActivation();
        StringBuilder line = new StringBuilder();
        for (Facet f : result.facets()) {
            line.append(String.format(" %.2f (from %.2f, %d images)", f.activation(), f.startActivation(), f.size()));
        }
        System.out.printf("must-show 1: top-%d mean activation %.2f; facets:%s%n", result.top().size(), bar, line);
        assertThat(result.facets()).hasSize(5);
        for (Facet f : result.facets()) {
            assertThat((double) f.activation()).as("facet %d", f.index()).isGreaterThanOrEqualTo(bar);
        }
    }

    /** Must-show 3: for at least 70 % of facets the render's embedding is nearest its own cluster's centroid. */
    @Test
    void rendersAreNearestTheirOwnCentroid() {
        double[][] centroids = result.centroids();
        int own = 0;
        for (Facet f : result.facets()) {
            int best = 0;
            for (int c = 1; c < centroids.length; c++) {
                if (dist(f.renderEmbedding(), centroids[c]) < dist(f.renderEmbedding(), centroids[best])) {
                    best = c;
                }
            }
            own += best == f.index() ? 1 : 0;
        }
        double fraction = own / (double) result.facets().size();
        System.out.printf("must-show 3: %d of %d facet renders nearest their own centroid (%.0f %%)%n", own,
                result.facets().size(), 100 * fraction);
        assertThat(fraction).isGreaterThanOrEqualTo(0.7);
    }

    /**
     * Must-show 6: with the centre bias (crops, then the gradient window) a larger share of the change from the
     * starting image lies in the central window (here the middle half of the side, fixed by the test) than without,
     * same unit, same start, same seed.
     */
    @Test
    void centreBiasConcentratesTheChangeInTheCentre() {
        RenderSettings with = quickMfv().toBuilder().octaves(1).build();
        RenderSettings without = with.toBuilder().centerCrop(0).windowMargin(0).build();
        Objective unit = ObjectiveParser.parse("logits:1", new ModelShapes(model));
        Facet f = result.facets().get(0);
        try (NDManager m = model.manager().newSubManager()) {
            NDArray init = f.meanImage().toArray(m);
            double biased = centralShare(BatchRender.render(model, List.of(unit), with, 5, init, List.of(), m), init);
            double plain = centralShare(BatchRender.render(model, List.of(unit), without, 5, init, List.of(), m), init);
            System.out.printf("must-show 6: central-window share of |render - start|^2: %.3f with centre bias, %.3f without%n",
                    biased, plain);
            assertThat(biased).isGreaterThan(plain);
        }
    }

    private static double centralShare(RenderResult r, NDArray init) {
        float[] x = r.image().toFloatArray();
        float[] x0 = init.toFloatArray();
        int side = (int) r.image().getShape().get(3);
        int lo = side / 4;
        int hi = side - side / 4;
        double centre = 0;
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            int y = (i / side) % side;
            int col = i % side;
            double e = (x[i] - x0[i]) * (x[i] - x0[i]);
            total += e;
            if (y >= lo && y < hi && col >= lo && col < hi) {
                centre += e;
            }
        }
        return centre / total;
    }

    static double dist(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return Math.sqrt(s);
    }
}
