package dev.visor.optvis.param;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.Registry;
import dev.visor.engine.RunRandom;
import dev.visor.model.Model;
import dev.visor.optvis.RenderSettings;

/**
 * A named way to parameterise the optimised image ({@code parameterization} in {@link RenderSettings}).
 * Implementations are found by {@link #registry()}; a new one is one class plus its line in
 * {@code META-INF/services/dev.visor.optvis.param.ParameterizationKind}.
 */
public interface ParameterizationKind extends Registry.Named {
    /**
     * A new parameterisation for one render (the caller closes it).
     *
     * @param shape  the image batch shape (N, C, H, W)
     * @param parent manager under which its parameters live
     */
    Parameterization create(RenderSettings settings, Model model, Shape shape, RunRandom random, NDManager parent);

    /** True when the parameters are the image's pixels, so pixel-space step operations (decay, blur, clipping) apply. */
    default boolean rawPixels() {
        return false;
    }

    /** The parameterisations on the class path. */
    static Registry<ParameterizationKind> registry() {
        return Holder.REGISTRY;
    }

    /** Lazily loaded registry. */
    final class Holder {
        private static final Registry<ParameterizationKind> REGISTRY = Registry.load(ParameterizationKind.class, "parameterization");

        private Holder() {}
    }
}
