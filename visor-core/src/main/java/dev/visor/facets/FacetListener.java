package dev.visor.facets;

import dev.visor.optvis.RenderListener;
import dev.visor.stats.PassListener;

/** Follows a facet run: its stages, the top-images pass's batches, then the render's steps. */
public interface FacetListener extends RenderListener, PassListener {
    /** A stage begins: top, embed, pca, tsne, cluster, render. */
    default void stage(String name) {}

    /** Does nothing. */
    static FacetListener none() {
        return new FacetListener() {};
    }
}
