package dev.visor.train;

import dev.visor.VisorException;

/**
 * Settings of a denoising-autoencoder training run on a classifier's code (PPGN's prior R on h).
 * Together with the classifier and data they fix the result.
 *
 * @param classifier   the model whose code is modelled ({@code builtin:fashion-cnn}, a file)
 * @param codeLayer    the layer of the code h (e.g. {@code relu_fc1})
 * @param noise        std of the Gaussian noise added to h, as a fraction of h's overall std on the training data
 * @param epochs       passes over the training codes
 * @param batchSize    codes per step
 * @param learningRate Adam's peak learning rate (cosine schedule to 0)
 * @param seed         seeds the initial weights, the shuffling and the noise
 * @param limit        train on the codes of the first {@code limit} images only (0: all)
 */
public record DaeSettings(String classifier, String codeLayer, float noise, int epochs, int batchSize, float learningRate,
                          long seed, int limit) {
    /** The default noise fraction. */
    public static final float NOISE = 0.3f;
    /** The default epochs. */
    public static final int EPOCHS = 10;
    /** The default batch size. */
    public static final int BATCH = 128;
    /** The default peak learning rate. */
    public static final float LR = 1e-3f;

    /** Validates the values. */
    public DaeSettings {
        if (classifier == null || classifier.isBlank()) {
            throw new VisorException("--classifier is required (e.g. builtin:fashion-cnn)");
        }
        if (codeLayer == null || codeLayer.isBlank()) {
            throw new VisorException("--code-layer is required (e.g. relu_fc1)");
        }
        if (!(noise > 0) || noise > 10) {
            throw new VisorException("--noise must be in (0, 10] (a fraction of the code's std), got " + noise);
        }
        if (epochs <= 0) {
            throw new VisorException("--epochs must be positive, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new VisorException("--batch-size must be positive, got " + batchSize);
        }
        if (!(learningRate > 0)) {
            throw new VisorException("--lr must be positive, got " + learningRate);
        }
        if (limit < 0) {
            throw new VisorException("--limit must be 0 (all) or positive, got " + limit);
        }
    }

    /** Defaults: noise 0.3·std, 10 epochs, batch 128, learning rate 1e-3, seed 1, all images. */
    public static DaeSettings defaults(String classifier, String codeLayer) {
        return new DaeSettings(classifier, codeLayer, NOISE, EPOCHS, BATCH, LR, 1, 0);
    }

    /** With another number of epochs. */
    public DaeSettings withEpochs(int n) {
        return new DaeSettings(classifier, codeLayer, noise, n, batchSize, learningRate, seed, limit);
    }

    /** With another seed. */
    public DaeSettings withSeed(long s) {
        return new DaeSettings(classifier, codeLayer, noise, epochs, batchSize, learningRate, s, limit);
    }

    /** With another image limit. */
    public DaeSettings withLimit(int n) {
        return new DaeSettings(classifier, codeLayer, noise, epochs, batchSize, learningRate, seed, n);
    }

    /** With another noise fraction. */
    public DaeSettings withNoise(float f) {
        return new DaeSettings(classifier, codeLayer, f, epochs, batchSize, learningRate, seed, limit);
    }
}
