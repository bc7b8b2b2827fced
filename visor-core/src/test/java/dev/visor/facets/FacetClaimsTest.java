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
import dev.visor.optvis.RenderResult;
import dev.visor.optvis.RenderSettings;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.ObjectiveParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Must-shows 2 (facets are more diverse than plain AM restarts) and 4 (a planted two-faced unit shows both faces). */
class FacetClaimsTest {
    private static Model model;
    private static Model judge;
    private static Dataset data;

    @BeforeAll
    static void load() {
        model = BuiltinModels.load("fashion-cnn");
        judge = BuiltinModels.load("fashion-cnn-b");
        data = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TRAIN).head(3000);
    }

    @AfterAll
    static void close() {
        model.close();
        judge.close();
    }

    /**
     * Must-show 4: a unit that is the sum of the Trouser and Bag logits (planted as the objective
     * {@code logits:1 + logits:8}, i.e. a linear unit over the logits layer) has facets covering both classes: each
     * is the top-1 class of at least one facet render under builtin:fashion-cnn-b, a model the renders never saw.
     */
    @Test
    void plantedTwoFacedUnitShowsBothFaces() {
        FacetSettings s = FacetSettings.builder("logits:1 + logits:8").facets(4).top(400).topFraction(1).tsneIterations(500)
                .embedLayer("relu2").render(FacetJobTest.quickMfv()).seed(3).build();
        FacetResult r = FacetJob.run(model, data, s, FacetListener.none());
        List<String> judged = new ArrayList<>();
        try (NDManager m = judge.manager().newSubManager()) {
            for (Facet f : r.facets()) {
                NDArray logits = judge.forward(judge.inputSpec().toModel(f.render().toArray(m)), "logits").get("logits");
                judged.add(FashionMnist.CLASS_NAMES.get((int) logits.argMax(1).getLong(0)));
            }
        }
        int trousers = 0;
        for (int i : r.top().indices()) {
            trousers += data.label(i) == 1 ? 1 : 0;
        }
        System.out.printf("must-show 4: top %d = %d Trouser + %d other; facet sizes %s; fashion-cnn-b top-1 of the renders: %s%n",
                r.top().size(), trousers, r.top().size() - trousers, r.facets().stream().map(Facet::size).toList(), judged);
        Set<String> covered = new TreeSet<>(judged);
        assertThat(covered).contains("Trouser", "Bag");
    }

    /**
     * Must-show 2, all 10 classes (slow; {@link #facetsAreMoreDiverseThanRandomRestartsOnTwoClasses} is the fast
     * variant): the mean pairwise distance of the k facet renders is at least 1.5 times that of k plain-AM renders
     * of the same unit from random restarts, for at least 8 of the 10 classes. Plain AM is the same recipe
     * ({@code mfv}: steps, step rule, TV denoising, centre bias) from grey noise (σ 0.1) instead of the facets' mean
     * images, so only the initialisation differs (the paper's contrast). Distances are taken at the penultimate
     * layer ({@link Embedding#penultimate}: relu_fc1, the paper's fc7 and the default embedding of
     * {@code visor facets}); the clusters are found at relu2 as in {@link FacetJobTest}, where renders stay nearest
     * their own cluster. Must-shows 1 (every facet ≥ the top-N mean) and 3 (≥ 70 % nearest their own centroid) are
     * checked on the same renders. The ratio at relu2 is printed too: it stays near 1 (see BENCHMARKS.md).
     */
    @Test
    @Tag("slow")
    void facetsAreMoreDiverseThanRandomRestarts() {
        int held = 0;
        StringBuilder ratios = new StringBuilder();
        for (int c = 0; c < 10; c++) {
            Diversity d = diversity(c);
            held += d.ratio() >= 1.5 ? 1 : 0;
            ratios.append(String.format(" %s %.2f (relu2 %.2f)", FashionMnist.CLASS_NAMES.get(c), d.ratio(), d.relu2Ratio()));
        }
        System.out.printf("must-show 2: facet / restart diversity ratio at the penultimate layer by class:%s; >= 1.5 for %d of 10%n",
                ratios, held);
        assertThat(held).isGreaterThanOrEqualTo(8);
    }

    /**
     * Must-show 2, fast variant: the same measurement on two classes, each must reach 1.5: Trouser and Sneaker,
     * picked after the 10-class run as a quick guard with some margin (the first class, T-shirt/top, measured 1.50:
     * too close to the bar for a fast check); the slow test is the claim.
     */
    @Test
    void facetsAreMoreDiverseThanRandomRestartsOnTwoClasses() {
        for (int c : new int[] {1, 7}) {
            Diversity d = diversity(c);
            System.out.printf("must-show 2 (fast): %s facet / restart diversity %.2f (relu2 %.2f)%n",
                    FashionMnist.CLASS_NAMES.get(c), d.ratio(), d.relu2Ratio());
            assertThat(d.ratio()).as(FashionMnist.CLASS_NAMES.get(c)).isGreaterThanOrEqualTo(1.5);
        }
    }

    private record Diversity(double ratio, double relu2Ratio) {}

    /** Facets of class {@code c} against plain-AM restarts; checks must-shows 1 and 3 on the way. */
    private static Diversity diversity(int c) {
        int k = 5;
        RenderSettings recipe = FacetJobTest.quickMfv();
        RenderSettings plain = recipe.toBuilder().initStd(0.1).build();
        String unit = "logits:" + c;
        FacetSettings s = FacetSettings.builder(unit).facets(k).top(300).topFraction(1).tsneIterations(500)
                .embedLayer("relu2").render(recipe).seed(c).build();
        FacetResult r = FacetJob.run(model, data, s, FacetListener.none());
        Embedding penultimate = Embedding.at(model, "");
        Embedding relu2 = Embedding.at(model, "relu2");
        Objective o = ObjectiveParser.parse(unit, new ModelShapes(model));
        double facets;
        double facetsRelu2 = meanPairwise(r.facets().stream().map(Facet::renderEmbedding).toList());
        double restarts;
        double restartsRelu2;
        try (NDManager m = model.manager().newSubManager()) {
            List<NDArray> renders = new ArrayList<>();
            for (Facet f : r.facets()) {
                renders.add(f.render().toArray(m));
            }
            facets = meanPairwise(java.util.Arrays.asList(penultimate.ofImages(ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(renders), 0))));
            RenderResult am = BatchRender.render(model, Collections.nCopies(k, o), plain, 100 + c, null, List.of(), m);
            restarts = meanPairwise(java.util.Arrays.asList(penultimate.ofImages(am.image())));
            restartsRelu2 = meanPairwise(java.util.Arrays.asList(relu2.ofImages(am.image())));
        }
        double bar = r.top().meanActivation();
        int own = 0;
        for (Facet f : r.facets()) {
            assertThat((double) f.activation()).as("must-show 1, %s facet %d", unit, f.index()).isGreaterThanOrEqualTo(bar);
            int best = 0;
            for (int q = 1; q < k; q++) {
                if (FacetJobTest.dist(f.renderEmbedding(), r.centroids()[q]) < FacetJobTest.dist(f.renderEmbedding(), r.centroids()[best])) {
                    best = q;
                }
            }
            own += best == f.index() ? 1 : 0;
        }
        assertThat(own).as("must-show 3, %s: facets nearest their own centroid", unit).isGreaterThanOrEqualTo((int) Math.ceil(0.7 * k));
        return new Diversity(facets / restarts, facetsRelu2 / restartsRelu2);
    }

    private static double meanPairwise(List<double[]> e) {
        List<double[]> rows = e;
        double s = 0;
        int n = 0;
        for (int i = 0; i < rows.size(); i++) {
            for (int j = i + 1; j < rows.size(); j++) {
                s += FacetJobTest.dist(rows.get(i), rows.get(j));
                n++;
            }
        }
        return s / n;
    }
}
