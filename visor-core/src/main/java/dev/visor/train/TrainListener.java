package dev.visor.train;

import dev.visor.io.visor.Provenance;

/** Progress of a training run (for progress bars and tests). All methods default to nothing. */
public interface TrainListener {
    /** The run continues from a checkpoint after {@code epochsDone} epochs. */
    default void resumed(int epochsDone) {}

    /** An epoch (1-based) starts with {@code steps} steps. */
    default void epochStarted(int epoch, int epochs, int steps) {}

    /** A step finished; loss and accuracy are running means over the epoch so far. */
    default void stepFinished(int epoch, int step, double loss, double accuracy) {}

    /** An epoch finished and its checkpoint is written. */
    default void epochFinished(Provenance.Epoch result) {}
}
