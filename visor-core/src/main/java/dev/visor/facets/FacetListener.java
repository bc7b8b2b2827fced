package dev.visor.facets;

import dev.visor.optvis.RenderListener;

/** Follows a facet run: its stages, then the render's steps. */
public interface FacetListener extends RenderListener {
    /** A stage begins: top, embed, pca, tsne, cluster, render. */
    default void stage(String name) {}

    /** Does nothing. */
    static FacetListener none() {
        return new FacetListener() {};
    }
}
