package dev.visor.facets;

import dev.visor.VisorException;
import dev.visor.optvis.Presets;
import dev.visor.optvis.RenderSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every setting of a multifaceted-FV run (Nguyen, Yosinski &amp; Clune 2016; REFERENCE.md §2), with the
 * paper's values as defaults. Build by name: {@code FacetSettings.builder("logits:1").facets(0).build()}.
 *
 * @param objective     the unit, as {@code --objective} text (e.g. {@code logits:1}, {@code bn2:5})
 * @param facets        k, the number of facets (the authors ship 10 per class); 0: chosen by the silhouette over
 *                      k = {@value #AUTO_MIN} … {@value #AUTO_MAX}
 * @param top           N at most: the unit's top images to cluster (paper: the low thousands; default 2000)
 * @param topFraction   N at most this fraction of the dataset (default 0.01, the top 1 %); N = min(top, ⌈fraction·size⌉)
 * @param embedLayer    the layer whose activations embed the images (paper: fc7, the penultimate features); empty:
 *                      the penultimate layer
 * @param pcaDims       PCA dimensions before t-SNE (paper: 50)
 * @param perplexity    t-SNE perplexity (van der Maaten's default 30)
 * @param tsneIterations t-SNE gradient iterations (default 1000)
 * @param meanImages    M, the images nearest each centroid averaged into the facet's initial image (paper: 15)
 * @param render        the render recipe (default {@link Presets#mfv()})
 * @param seed          the run's seed: t-SNE, k-means++ and the renders derive theirs from it
 */
public record FacetSettings(String objective, int facets, int top, double topFraction, String embedLayer, int pcaDims,
                            double perplexity, int tsneIterations, int meanImages, RenderSettings render, long seed) {
    /** Smallest k tried by the automatic choice. */
    public static final int AUTO_MIN = 2;
    /** Largest k tried by the automatic choice. */
    public static final int AUTO_MAX = 10;

    /** Checks every value (one-line errors naming the setting and its range). */
    public FacetSettings {
        embedLayer = embedLayer == null ? "" : embedLayer;
        if (objective == null || objective.isBlank()) {
            throw new VisorException("facets need an objective, e.g. \"logits:1\"");
        }
        check(facets >= 0 && facets <= 100, "facets", facets, "1 to 100, or 0 (auto)");
        check(top >= 4, "top", top, "4 or more images");
        check(topFraction > 0 && topFraction <= 1, "topFraction", topFraction, "above 0 up to 1");
        check(pcaDims >= 2, "pcaDims", pcaDims, "2 or more");
        check(perplexity > 1, "perplexity", perplexity, "above 1");
        check(tsneIterations >= 1, "tsneIterations", tsneIterations, "1 or more");
        check(meanImages >= 1, "meanImages", meanImages, "1 or more");
        if (render == null) {
            throw new VisorException("facets need a render recipe");
        }
    }

    private static void check(boolean ok, String name, Object value, String range) {
        if (!ok) {
            throw new VisorException("facet setting " + name + " = " + value + " is out of range; use " + range);
        }
    }

    /** True when k is chosen by the silhouette. */
    public boolean autoFacets() {
        return facets == 0;
    }

    /** N for a dataset of {@code size} images: min(top, ⌈topFraction · size⌉, size). */
    public int topFor(int size) {
        return Math.min(size, Math.min(top, (int) Math.ceil(topFraction * size)));
    }

    /** The settings with the paper's defaults for this objective. */
    public static Builder builder(String objective) {
        return new Builder(objective);
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder(objective);
        b.facets = facets;
        b.top = top;
        b.topFraction = topFraction;
        b.embedLayer = embedLayer;
        b.pcaDims = pcaDims;
        b.perplexity = perplexity;
        b.tsneIterations = tsneIterations;
        b.meanImages = meanImages;
        b.render = render;
        b.seed = seed;
        return b;
    }

    /** Every setting as name → value (the sidecar form; the render recipe as its own map). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objective", objective);
        m.put("facets", autoFacets() ? "auto" : facets);
        m.put("top", top);
        m.put("topFraction", topFraction);
        m.put("embedLayer", embedLayer);
        m.put("pcaDims", pcaDims);
        m.put("perplexity", perplexity);
        m.put("tsneIterations", tsneIterations);
        m.put("meanImages", meanImages);
        m.put("seed", seed);
        m.put("render", render.asMap());
        return m;
    }

    /** Named construction; each setter's meaning is the record component's. */
    public static final class Builder {
        private final String objective;
        private int facets = 10;
        private int top = 2000;
        private double topFraction = 0.01;
        private String embedLayer = "";
        private int pcaDims = 50;
        private double perplexity = 30;
        private int tsneIterations = 1000;
        private int meanImages = 15;
        private RenderSettings render = Presets.mfv();
        private long seed = 0;

        private Builder(String objective) {
            this.objective = objective;
        }

        /** Sets {@code facets} (0: automatic). */
        public Builder facets(int v) {
            this.facets = v;
            return this;
        }

        /** Sets {@code top}. */
        public Builder top(int v) {
            this.top = v;
            return this;
        }

        /** Sets {@code topFraction}. */
        public Builder topFraction(double v) {
            this.topFraction = v;
            return this;
        }

        /** Sets {@code embedLayer}. */
        public Builder embedLayer(String v) {
            this.embedLayer = v;
            return this;
        }

        /** Sets {@code pcaDims}. */
        public Builder pcaDims(int v) {
            this.pcaDims = v;
            return this;
        }

        /** Sets {@code perplexity}. */
        public Builder perplexity(double v) {
            this.perplexity = v;
            return this;
        }

        /** Sets {@code tsneIterations}. */
        public Builder tsneIterations(int v) {
            this.tsneIterations = v;
            return this;
        }

        /** Sets {@code meanImages}. */
        public Builder meanImages(int v) {
            this.meanImages = v;
            return this;
        }

        /** Sets {@code render}. */
        public Builder render(RenderSettings v) {
            this.render = v;
            return this;
        }

        /** Sets {@code seed}. */
        public Builder seed(long v) {
            this.seed = v;
            return this;
        }

        /** The settings (validated). */
        public FacetSettings build() {
            return new FacetSettings(objective, facets, top, topFraction, embedLayer, pcaDims, perplexity, tsneIterations,
                    meanImages, render, seed);
        }
    }
}
