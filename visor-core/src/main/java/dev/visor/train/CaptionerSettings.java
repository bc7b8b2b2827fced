package dev.visor.train;

import dev.visor.VisorException;

/**
 * Settings of a captioner training run ({@code visor train captioner}).
 *
 * @param epochs       passes over the training images
 * @param batchSize    images per step
 * @param learningRate Adam's peak learning rate (cosine schedule to 0)
 * @param hidden       width of the decoder's hidden layer and of the image features
 * @param seed         seeds the initial weights, the shuffling and the caption templates
 * @param limit        train on the first {@code limit} images only (0: all)
 */
public record CaptionerSettings(int epochs, int batchSize, float learningRate, int hidden, long seed, int limit) {
    /** The default epochs. */
    public static final int EPOCHS = 4;
    /** The default batch size. */
    public static final int BATCH = 64;
    /** The default peak learning rate. */
    public static final float LR = 2e-3f;
    /** The default hidden width. */
    public static final int HIDDEN = 128;

    /** Validates the values. */
    public CaptionerSettings {
        if (epochs <= 0) {
            throw new VisorException("--epochs must be positive, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new VisorException("--batch-size must be positive, got " + batchSize);
        }
        if (!(learningRate > 0)) {
            throw new VisorException("--lr must be positive, got " + learningRate);
        }
        if (hidden <= 0 || hidden > 4096) {
            throw new VisorException("--hidden must be in 1..4096, got " + hidden);
        }
        if (limit < 0) {
            throw new VisorException("--limit must be 0 (all) or positive, got " + limit);
        }
    }

    /** Defaults: 4 epochs, batch 64, learning rate 2e-3, hidden 128, seed 1, all images. */
    public static CaptionerSettings defaults() {
        return new CaptionerSettings(EPOCHS, BATCH, LR, HIDDEN, 1, 0);
    }

    /** With another number of epochs. */
    public CaptionerSettings withEpochs(int n) {
        return new CaptionerSettings(n, batchSize, learningRate, hidden, seed, limit);
    }

    /** With another image limit. */
    public CaptionerSettings withLimit(int n) {
        return new CaptionerSettings(epochs, batchSize, learningRate, hidden, seed, n);
    }

    /** With another seed. */
    public CaptionerSettings withSeed(long s) {
        return new CaptionerSettings(epochs, batchSize, learningRate, hidden, s, limit);
    }
}
