package dev.visor.spark;

import dev.visor.optvis.RenderListener;
import dev.visor.stats.PassListener;
import org.apache.spark.TaskContext;

/**
 * A test hook: with the local property {@value #CONF} = P (set on the driver,
 * {@code sc.setLocalProperty(CONF, "P")}, for the jobs that thread starts), the first attempt of partition P fails in the middle of its work (half way
 * through a render's steps, or after the first batch of a dataset pass), as a killed task would, so that tests see
 * Spark retry it ({@code local[N,F]} with F ≥ 2) and the job's output come out complete and unchanged.
 */
public final class FailureHook {
    /** Local property naming the partition whose first attempt fails. */
    public static final String CONF = "spark.visor.test.failFirstAttemptOf";

    private FailureHook() {}

    /** True for the task attempt the hook fails. */
    static boolean armed() {
        TaskContext tc = TaskContext.get();
        String p = tc == null ? null : tc.getLocalProperty(CONF);
        return p != null && tc.attemptNumber() == 0 && tc.partitionId() == Integer.parseInt(p.trim());
    }

    private static RuntimeException failure(String where) {
        return new IllegalStateException("test hook " + CONF + ": first attempt of partition " + TaskContext.getPartitionId()
                + " fails " + where);
    }

    /** A render listener that fails this attempt half way through the steps (or does nothing). */
    static RenderListener render() {
        if (!armed()) {
            return new RenderListener() {};
        }
        return new RenderListener() {
            private int steps;

            @Override
            public void started(int s, int batch) {
                steps = s;
            }

            @Override
            public void stepped(int step, float[] scores) {
                if (step + 1 >= Math.max(1, steps / 2)) {
                    throw failure("at render step " + (step + 1) + " of " + steps);
                }
            }
        };
    }

    /** A pass listener that fails this attempt after its first batch (or does nothing). */
    static PassListener pass() {
        if (!armed()) {
            return PassListener.NONE;
        }
        return new PassListener() {
            @Override
            public void batchDone(int done, int batches) {
                throw failure("after batch " + done + " of " + batches);
            }
        };
    }
}
