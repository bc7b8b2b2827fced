package dev.visor.facets;

/**
 * One facet of a unit: a cluster of its top images and the image rendered for it.
 *
 * @param index           the cluster number (by falling size)
 * @param members         dataset indices of the cluster's images, by falling activation
 * @param centroid2d      the cluster's centre in the t-SNE plane
 * @param centroid        the mean embedding of the cluster's images (at the embedding layer)
 * @param nearest         dataset indices of the M images nearest the 2-D centre (averaged into {@code meanImage})
 * @param meanImage       their mean: the render's initial image
 * @param render          the facet image (the final canvas)
 * @param activation      the unit's activation on {@code render} (as the model sees it, no transforms)
 * @param startActivation the unit's activation on {@code meanImage}
 * @param renderEmbedding the render's embedding at the embedding layer
 */
public record Facet(int index, int[] members, double[] centroid2d, double[] centroid, int[] nearest, FacetImage meanImage,
                    FacetImage render, float activation, float startActivation, double[] renderEmbedding) {
    /** Number of images in the cluster. */
    public int size() {
        return members.length;
    }
}
