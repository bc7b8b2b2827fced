package dev.visor.job;

import dev.visor.VisorException;

/**
 * Thrown out of a job's loop when its listener asked to stop (see
 * {@link dev.visor.optvis.RenderListener#cancelRequested()}): the job ends at once and writes nothing, so a
 * cancelled job never leaves a result that looks finished.
 */
public final class JobCancelledException extends VisorException {
    private static final long serialVersionUID = 1L;

    /** @param step the step at which the job stopped */
    public JobCancelledException(int step) {
        super("cancelled at step " + step);
    }
}
