package dev.visor.invert;

import dev.visor.VisorException;
import dev.visor.optvis.Presets;
import dev.visor.optvis.RenderSettings;
import java.util.List;

/**
 * A network inversion (Mahendran and Vedaldi 2015, REFERENCE.md §4): for each layer l, the image
 * x* = argmin_x ‖Φ_l(x) − Φ_l(x0)‖² / ‖Φ_l(x0)‖² + λ_α·R_α(x) + λ_TV·TV_β(x), found by the shared renderer
 * under {@code recipe} (preset {@code invert}: raw pixels, momentum SGD 0.9 with step drops). With
 * {@code caricature} the data term is Lucid's −⟨Φ_l(x), Φ_l(x0)⟩/‖Φ_l(x0)‖² instead (exaggerate, not match).
 * Build it by name: {@code InvertSettings.builder().layers(List.of("conv2d_1")).build()}.
 *
 * @param layers      the layers to invert, one reconstruction each
 * @param recipe      the optimisation (default {@link Presets#invert()})
 * @param caricature  maximise the dot product with Φ0 instead of matching it
 * @param alpha       α of the α-norm prior (published: 6)
 * @param alphaWeight λ_α at a 0..255 pixel scale (published ≈ 8e-10); 0 turns it off
 * @param beta        β of the TV prior (published: 2)
 * @param tvWeight    λ_TV for every layer; negative means the published depth rule {@link #tvByDepth}
 * @param tvByDepth   λ_TV for shallow, middle and deep layers (published 1, 10, 100): a layer is shallow in
 *                    the first third of the model's layers, middle in the second, deep in the last
 * @param seed        the run's seed: starting noise and transforms (each layer's render draws from
 *                    {@code RunRandom.derive(seed, layer)})
 */
public record InvertSettings(List<String> layers, RenderSettings recipe, boolean caricature, double alpha, double alphaWeight,
                             double beta, double tvWeight, List<Double> tvByDepth, long seed) {
    /** Published α. */
    public static final double ALPHA = 6;
    /** Published λ_α at a 0..255 pixel scale. */
    public static final double ALPHA_WEIGHT = 8e-10;
    /** Published β. */
    public static final double BETA = 2;
    /** Published λ_TV for shallow, middle and deep layers. */
    public static final List<Double> TV_BY_DEPTH = List.of(1.0, 10.0, 100.0);

    /** Checks the values. */
    public InvertSettings {
        layers = List.copyOf(layers);
        tvByDepth = List.copyOf(tvByDepth);
        if (layers.isEmpty()) {
            throw new VisorException("give at least one layer to invert (--layer)");
        }
        if (!(alpha >= 1) || !(beta >= 1)) {
            throw new VisorException("alpha and beta must be at least 1, got " + alpha + " and " + beta);
        }
        if (!(alphaWeight >= 0) || !Double.isFinite(tvWeight)) {
            throw new VisorException("alphaWeight must be 0 or more and tvWeight finite, got " + alphaWeight + " and " + tvWeight);
        }
        if (tvByDepth.size() != 3 || tvByDepth.stream().anyMatch(v -> !(v >= 0))) {
            throw new VisorException("tvByDepth needs three weights of 0 or more (shallow, middle, deep), got " + tvByDepth);
        }
    }

    /** A builder with the published defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        return new Builder().layers(layers).recipe(recipe).caricature(caricature).alpha(alpha).alphaWeight(alphaWeight)
                .beta(beta).tvWeight(tvWeight).tvByDepth(tvByDepth).seed(seed);
    }

    /**
     * λ_TV of a layer: {@code tvWeight} when set, else the depth rule.
     *
     * @param index  the layer's position in the model's layer list
     * @param layers the number of layers
     */
    public double tvWeightAt(int index, int layers) {
        if (tvWeight >= 0) {
            return tvWeight;
        }
        int third = Math.min(2, Math.max(0, index) * 3 / Math.max(1, layers));
        return tvByDepth.get(third);
    }

    /** Named construction; each setter's meaning is the record component's. */
    public static final class Builder {
        private List<String> layers = List.of();
        private RenderSettings recipe = Presets.invert();
        private boolean caricature;
        private double alpha = ALPHA;
        private double alphaWeight = ALPHA_WEIGHT;
        private double beta = BETA;
        private double tvWeight = -1;
        private List<Double> tvByDepth = TV_BY_DEPTH;
        private long seed;

        private Builder() {}

        /** Sets {@code layers}. */
        public Builder layers(List<String> v) {
            this.layers = v;
            return this;
        }

        /** Sets {@code recipe}. */
        public Builder recipe(RenderSettings v) {
            this.recipe = v;
            return this;
        }

        /** Sets {@code caricature}. */
        public Builder caricature(boolean v) {
            this.caricature = v;
            return this;
        }

        /** Sets {@code alpha}. */
        public Builder alpha(double v) {
            this.alpha = v;
            return this;
        }

        /** Sets {@code alphaWeight}. */
        public Builder alphaWeight(double v) {
            this.alphaWeight = v;
            return this;
        }

        /** Sets {@code beta}. */
        public Builder beta(double v) {
            this.beta = v;
            return this;
        }

        /** Sets {@code tvWeight}. */
        public Builder tvWeight(double v) {
            this.tvWeight = v;
            return this;
        }

        /** Sets {@code tvByDepth}. */
        public Builder tvByDepth(List<Double> v) {
            this.tvByDepth = v;
            return this;
        }

        /** Sets {@code seed}. */
        public Builder seed(long v) {
            this.seed = v;
            return this;
        }

        /** The settings (validated). */
        public InvertSettings build() {
            return new InvertSettings(layers, recipe, caricature, alpha, alphaWeight, beta, tvWeight, tvByDepth, seed);
        }
    }
}
