package dev.visor.train;

import dev.visor.VisorException;

/**
 * Settings of a classifier training run. Together with the data they fix the result: the same
 * settings give the same weights (on the same engine and thread count).
 *
 * @param architecture an {@link Architectures} name
 * @param epochs       passes over the training data
 * @param batchSize    images per step
 * @param learningRate Adam's peak learning rate; it follows a cosine schedule to 0 over all steps
 * @param seed         seeds the initial weights, the shuffling, augmentation and dropout
 * @param augment      random shifts (±2 px) and horizontal flips of the training images
 * @param limit        train on the first {@code limit} images only (0: all)
 */
public record TrainSettings(String architecture, int epochs, int batchSize, float learningRate, long seed, boolean augment,
                            int limit) {
    /** Validates the values. */
    public TrainSettings {
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
        Architectures.get(architecture);
    }

    /** Defaults for an architecture: 10 epochs, batch 64, learning rate 2e-3, seed 1, no augmentation. */
    public static TrainSettings defaults(String architecture) {
        return new TrainSettings(architecture, 10, 64, 2e-3f, 1, false, 0);
    }

    /** With another number of epochs. */
    public TrainSettings withEpochs(int n) {
        return new TrainSettings(architecture, n, batchSize, learningRate, seed, augment, limit);
    }

    /** With another seed. */
    public TrainSettings withSeed(long s) {
        return new TrainSettings(architecture, epochs, batchSize, learningRate, s, augment, limit);
    }
}
