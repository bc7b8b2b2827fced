package dev.visor.optvis;

import ai.djl.ndarray.NDArray;

/** Follows a render: a progress bar, a log, a web UI stream. All methods default to doing nothing. */
public interface RenderListener {
    /** Before the first step. */
    default void started(int steps, int batch) {}

    /**
     * After each step.
     *
     * @param step   the step just done, from 0
     * @param scores the objective of each batch item at this step (before the update)
     */
    default void stepped(int step, float[] scores) {}

    /** A snapshot (NCHW, [0, 1]); valid only during the call; copy it to keep it. */
    default void snapshot(int step, NDArray image) {}

    /** After the last step. */
    default void finished(RenderResult result) {}

    /**
     * Asked after every step: true ends the render at once with a {@link dev.visor.job.JobCancelledException}
     * (nothing is written). A web UI's cancel button sets this.
     */
    default boolean cancelRequested() {
        return false;
    }

    /**
     * This listener also wants {@link #snapshot} every this many steps (0: only at the renderer's own snapshot
     * steps). Live views use it; such snapshots are not kept in the result.
     */
    default int snapshotEvery() {
        return 0;
    }
}
