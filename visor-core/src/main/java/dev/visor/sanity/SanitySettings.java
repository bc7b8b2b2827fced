package dev.visor.sanity;

import dev.visor.VisorException;
import dev.visor.attribution.AttributionMethod;
import java.util.List;

/**
 * Model-parameter randomisation tests (Adebayo et al. 2018, REFERENCE.md §8) of attribution maps for one
 * image and the top-1 class logit. Make it with {@link #defaults()} and the withers.
 *
 * @param methods the methods tested (default saliency, guided backprop, DeconvNet, Grad-CAM)
 * @param depth   how many weighted layers, from the top, are randomised: the cascade randomises the top 1,
 *                2, …, depth layers; the independent test each of them alone (0: all layers, as the paper)
 * @param seed    the seed of the random weights
 */
public record SanitySettings(List<AttributionMethod> methods, int depth, long seed) {
    /** Checks the values. */
    public SanitySettings {
        methods = List.copyOf(methods);
        if (methods.isEmpty()) {
            throw new VisorException("give at least one attribution method to test");
        }
        if (depth < 0) {
            throw new VisorException("--depth must be 0 (all layers) or more, got " + depth);
        }
    }

    /** The paper's test of the four standard methods over all layers, seed 0. */
    public static SanitySettings defaults() {
        return new SanitySettings(List.of(AttributionMethod.SALIENCY, AttributionMethod.GUIDED_BACKPROP,
                AttributionMethod.DECONVNET, AttributionMethod.GRAD_CAM), 0, 0);
    }

    /** With other methods. */
    public SanitySettings withMethods(List<AttributionMethod> m) {
        return new SanitySettings(m, depth, seed);
    }

    /** With another depth. */
    public SanitySettings withDepth(int d) {
        return new SanitySettings(methods, d, seed);
    }

    /** With another seed. */
    public SanitySettings withSeed(long s) {
        return new SanitySettings(methods, depth, s);
    }
}
