package dev.visor.facets;

import java.util.List;
import java.util.Map;

/**
 * What a multifaceted-FV run found.
 *
 * @param settings   the settings run
 * @param model      the model's source
 * @param embedLayer the layer embedded at
 * @param top        the unit's top images
 * @param plane      the t-SNE embedding of the top images (N × 2, in {@code top}'s order)
 * @param labels     the cluster of each top image (in {@code top}'s order)
 * @param silhouette the clustering's mean silhouette in the plane
 * @param facets     the facets, by falling cluster size
 * @param seconds    wall time by stage (top, embed, pca, tsne, cluster, render)
 */
public record FacetResult(FacetSettings settings, String model, String embedLayer, TopImages top, double[][] plane,
                          int[] labels, double silhouette, List<Facet> facets, Map<String, Double> seconds) {
    /** The facets' cluster centroids at the embedding layer. */
    public double[][] centroids() {
        return facets.stream().map(Facet::centroid).toArray(double[][]::new);
    }
}
