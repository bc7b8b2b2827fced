package dev.visor.facets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.data.Dataset;
import dev.visor.engine.RunRandom;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import dev.visor.optvis.BatchRender;
import dev.visor.optvis.RenderResult;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.ObjectiveParser;
import dev.visor.stats.cluster.Clustering;
import dev.visor.stats.cluster.KMeans;
import dev.visor.stats.cluster.Pca;
import dev.visor.stats.cluster.Silhouette;
import dev.visor.stats.cluster.Tsne;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multifaceted feature visualisation (Nguyen, Yosinski &amp; Clune 2016; REFERENCE.md §2):
 * <ol>
 *   <li>the unit's top-N images of the dataset ({@link TopImages#of}: the streaming pass of {@code visor top});</li>
 *   <li>their embedding φ(x) at a high layer (default: the penultimate);</li>
 *   <li>PCA of φ to ≤ 50 dimensions, t-SNE to 2-D, k-means++ into k clusters (k given, or the silhouette's best
 *       over 2 … 10);</li>
 *   <li>per cluster, the mean of the M = 15 images nearest its 2-D centre: the facet's initial image;</li>
 *   <li>activation maximisation from each mean image ({@link BatchRender} with the recipe, by default
 *       {@link dev.visor.optvis.Presets#mfv()}: all k facets in one batch, one item each).</li>
 * </ol>
 * Seeds: t-SNE, k-means and the render each derive theirs from the settings' seed ({@link RunRandom#derive}).
 */
public final class FacetJob {
    private FacetJob() {}

    /** Checks the objective and the embedding layer against the model (one-line errors naming the valid choices). */
    public static void check(Model model, FacetSettings s) {
        ObjectiveParser.parse(s.objective(), new ModelShapes(model));
        Embedding.at(model, s.embedLayer());
    }

    /** Runs the whole method. Settings errors come before any work. */
    public static FacetResult run(Model model, Dataset dataset, FacetSettings s, FacetListener listener) {
        return run(model, dataset, s, null, listener);
    }

    /** The unit of these settings, validated against the model (for {@link TopImages#ofEach} before {@link #run}). */
    public static Objective unit(Model model, FacetSettings s) {
        return ObjectiveParser.parse(s.objective(), new ModelShapes(model));
    }

    /**
     * Runs the method from top images found already (e.g. by one {@link TopImages#ofEach} pass for many units, at
     * least {@code s.topFor(dataset.size())} of them: the first N are used); {@code null}: finds them.
     */
    public static FacetResult run(Model model, Dataset dataset, FacetSettings s, TopImages found, FacetListener listener) {
        Objective unit = ObjectiveParser.parse(s.objective(), new ModelShapes(model));
        Embedding embedding = Embedding.at(model, s.embedLayer());
        int n = s.topFor(dataset.size());
        int minPoints = Math.max(4, (s.autoFacets() ? FacetSettings.AUTO_MAX : s.facets()) + 1);
        if (n < minPoints) {
            throw new VisorException("facets need at least " + minPoints + " top images, but the dataset of " + dataset.size()
                    + " gives " + n + " (min(top " + s.top() + ", topFraction " + s.topFraction() + " of the data)); raise --top or use more data");
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        long t = System.nanoTime();
        listener.stage("top");
        TopImages top = found == null ? TopImages.of(model, dataset, unit, n, listener) : found.first(n);
        t = lap(seconds, "top", t);
        listener.stage("embed");
        double[][] features = embedding.ofDataset(dataset, top.indices());
        t = lap(seconds, "embed", t);
        listener.stage("pca");
        Pca.Result pca = Pca.fit(features, s.pcaDims());
        t = lap(seconds, "pca", t);
        listener.stage("tsne");
        double[][] plane = Tsne.defaults().perplexity(s.perplexity()).iterations(s.tsneIterations())
                .seed(RunRandom.derive(s.seed(), "tsne")).embed(pca.scores());
        t = lap(seconds, "tsne", t);
        listener.stage("cluster");
        long kSeed = RunRandom.derive(s.seed(), "kmeans");
        Clustering c = s.autoFacets() ? Silhouette.bestK(plane, FacetSettings.AUTO_MIN, FacetSettings.AUTO_MAX, kSeed)
                : KMeans.cluster(plane, s.facets(), kSeed);
        double silhouette = c.k() > 1 ? Silhouette.score(plane, c.labels()) : Double.NaN;
        t = lap(seconds, "cluster", t);
        listener.stage("render");
        List<Facet> facets = render(model, dataset, s, unit, embedding, top, features, plane, c, listener);
        lap(seconds, "render", t);
        return new FacetResult(s, model.source(), embedding.layer(), top, plane, c.labels(), silhouette, facets, seconds);
    }

    private static List<Facet> render(Model model, Dataset dataset, FacetSettings s, Objective unit, Embedding embedding,
                                      TopImages top, double[][] features, double[][] plane, Clustering c, FacetListener listener) {
        InputSpec spec = model.inputSpec();
        int k = c.k();
        try (NDManager m = model.manager().newSubManager()) {
            List<NDArray> means = new ArrayList<>();
            List<int[]> nearest = new ArrayList<>();
            for (int f = 0; f < k; f++) {
                int[] near = nearest(plane, c.members(f), c.centroids()[f], s.meanImages());
                int[] idx = Arrays.stream(near).map(i -> top.indices()[i]).toArray();
                nearest.add(idx);
                means.add(dataset.images(m, idx, spec.channels(), spec.height(), spec.width()).mean(new int[] {0}, true));
            }
            NDArray init = k == 1 ? means.get(0) : NDArrays.concat(new NDList(means), 0);
            RenderResult r = BatchRender.render(model, java.util.Collections.nCopies(k, unit), s.render(),
                    RunRandom.derive(s.seed(), "render"), init, List.of(listener), m);
            double[][] renderEmb = embedding.ofImages(r.image());
            List<Facet> facets = new ArrayList<>();
            for (int f = 0; f < k; f++) {
                int[] members = c.members(f);
                facets.add(new Facet(f, Arrays.stream(members).map(i -> top.indices()[i]).toArray(), c.centroids()[f],
                        KMeans.mean(features, members), nearest.get(f), FacetImage.of(init, f), FacetImage.of(r.image(), f),
                        r.measureEnd()[f], r.measureStart()[f], renderEmb[f]));
            }
            return facets;
        }
    }

    /** Positions (into the plane's rows) of the {@code m} members nearest {@code centre}. */
    private static int[] nearest(double[][] plane, int[] members, double[] centre, int m) {
        return Arrays.stream(members).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> Embedding.distance(plane[i], centre)).thenComparingInt(i -> i))
                .limit(m).mapToInt(Integer::intValue).toArray();
    }

    private static long lap(Map<String, Double> seconds, String stage, long t0) {
        long now = System.nanoTime();
        seconds.put(stage, (now - t0) / 1e9);
        return now;
    }

}
