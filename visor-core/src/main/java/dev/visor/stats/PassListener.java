package dev.visor.stats;

/** Progress of a {@link DatasetPass}; every method has an empty default. */
public interface PassListener {
    /** A listener that ignores everything. */
    PassListener NONE = new PassListener() {};

    /**
     * The pass starts.
     *
     * @param batches the shard's batches
     * @param done    how many of them a checkpoint already holds (resumed)
     * @param images  images in those batches
     */
    default void started(int batches, int done, int images) {}

    /** A batch was added; {@code done} of {@code batches} are now in the statistics. */
    default void batchDone(int done, int batches) {}

    /** A checkpoint was written after {@code done} batches. */
    default void checkpointed(int done) {}
}
