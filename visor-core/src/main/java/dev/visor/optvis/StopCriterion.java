package dev.visor.optvis;

/** Ends a render before its planned number of steps. */
public interface StopCriterion {
    /** True to stop after {@code step} given the items' current objective values. */
    boolean shouldStop(int step, float[] scores);

    /** Never stops early. */
    static StopCriterion never() {
        return (step, scores) -> false;
    }

    /** Stops once every item's objective reaches {@code target}. */
    static StopCriterion target(float target) {
        return (step, scores) -> {
            for (float s : scores) {
                if (s < target) {
                    return false;
                }
            }
            return true;
        };
    }

    /**
     * Stops when the batch's mean objective improved by less than {@code minGain} (relative) over the
     * last {@code window} steps.
     */
    static StopCriterion plateau(int window, double minGain) {
        return new StopCriterion() {
            private final double[] history = new double[window + 1];
            private int seen;

            @Override
            public boolean shouldStop(int step, float[] scores) {
                double mean = 0;
                for (float s : scores) {
                    mean += s / scores.length;
                }
                history[seen % history.length] = mean;
                seen++;
                if (seen <= window) {
                    return false;
                }
                double old = history[seen % history.length];
                return mean - old < minGain * Math.max(1e-8, Math.abs(old));
            }
        };
    }
}
