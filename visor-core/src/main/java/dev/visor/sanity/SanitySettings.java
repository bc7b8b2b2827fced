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
 * @param seed    the seed of the random weights, and of the label shuffle and training of the data test
 * @param data    training data for the data-randomisation test (a copy of the architecture trained on
 *                shuffled labels, {@link DataRandomisation}); null: no data test
 * @param dataImages the first this many training images are used by the data test
 * @param dataEpochs epochs of the data test's training
 */
public record SanitySettings(List<AttributionMethod> methods, int depth, long seed, String data, int dataImages, int dataEpochs) {
    /** Images of the data test by default: small enough to train in seconds. */
    public static final int DATA_IMAGES = 2000;
    /** Epochs of the data test by default. */
    public static final int DATA_EPOCHS = 1;

    /** Checks the values. */
    public SanitySettings {
        methods = List.copyOf(methods);
        if (methods.isEmpty()) {
            throw new VisorException("give at least one attribution method to test");
        }
        if (depth < 0) {
            throw new VisorException("--depth must be 0 (all layers) or more, got " + depth);
        }
        if (dataImages < 1 || dataEpochs < 1) {
            throw new VisorException("--data-images and --data-epochs must be at least 1, got " + dataImages + " and " + dataEpochs);
        }
    }

    /** The paper's test of the four standard methods over all layers, seed 0. */
    public static SanitySettings defaults() {
        return new SanitySettings(List.of(AttributionMethod.SALIENCY, AttributionMethod.GUIDED_BACKPROP,
                AttributionMethod.DECONVNET, AttributionMethod.GRAD_CAM), 0, 0, null, DATA_IMAGES, DATA_EPOCHS);
    }

    /** With other methods. */
    public SanitySettings withMethods(List<AttributionMethod> m) {
        return new SanitySettings(m, depth, seed, data, dataImages, dataEpochs);
    }

    /** With another depth. */
    public SanitySettings withDepth(int d) {
        return new SanitySettings(methods, d, seed, data, dataImages, dataEpochs);
    }

    /** With another seed. */
    public SanitySettings withSeed(long s) {
        return new SanitySettings(methods, depth, s, data, dataImages, dataEpochs);
    }

    /** With the data-randomisation test on {@code d} (null: none). */
    public SanitySettings withData(String d) {
        return new SanitySettings(methods, depth, seed, d, dataImages, dataEpochs);
    }

    /** With another training budget for the data test. */
    public SanitySettings withDataBudget(int images, int epochs) {
        return new SanitySettings(methods, depth, seed, data, images, epochs);
    }
}
