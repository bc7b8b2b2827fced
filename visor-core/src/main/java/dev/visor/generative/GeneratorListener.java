package dev.visor.generative;

/** Progress of a generator training run (for progress bars and tests). All methods default to nothing. */
public interface GeneratorListener {
    /** The run continues from a checkpoint after {@code epochsDone} epochs. */
    default void resumed(int epochsDone) {}

    /** An epoch (1-based) starts with {@code steps} steps. */
    default void epochStarted(int epoch, int epochs, int steps) {}

    /** A step finished; the losses are running means over the epoch so far. */
    default void stepFinished(int epoch, int step, double imageLoss, double featureLoss, double ganDiscriminatorLoss) {}

    /** An epoch finished and its checkpoint is written. */
    default void epochFinished(GeneratorProvenance.Epoch result) {}
}
