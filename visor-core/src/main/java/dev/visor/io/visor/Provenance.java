package dev.visor.io.visor;

import java.util.List;

/**
 * How a Visor model was trained, stored in its {@code visor-model.json} so that anyone can retrain
 * it: the exact command, seed and settings, and what came out.
 *
 * @param command         the command line that trained it
 * @param architecture    the architecture name
 * @param data            the training data
 * @param trainImages     number of training images per epoch
 * @param seed            the run's seed
 * @param epochs          epochs trained
 * @param batchSize       images per step
 * @param learningRate    Adam's peak learning rate (cosine schedule to 0)
 * @param augment         whether random shifts and flips were applied
 * @param testAccuracy    accuracy on the test data after the last epoch (NaN when not measured)
 * @param trainSeconds    wall time of the training steps, all epochs (evaluation excluded)
 * @param imagesPerSecond training throughput
 * @param engine          tensor engine and thread count
 * @param history         per-epoch results
 */
public record Provenance(String command, String architecture, String data, int trainImages, long seed, int epochs,
                         int batchSize, float learningRate, boolean augment, double testAccuracy, double trainSeconds,
                         double imagesPerSecond, String engine, List<Epoch> history) {
    /**
     * One epoch.
     *
     * @param epoch         1-based epoch number
     * @param loss          mean training loss
     * @param trainAccuracy training accuracy (in training mode, while the weights changed)
     * @param testAccuracy  test accuracy after the epoch (NaN when not measured)
     * @param seconds       wall time of the epoch's training steps
     */
    public record Epoch(int epoch, double loss, double trainAccuracy, double testAccuracy, double seconds) {}
}
