package dev.visor.bench;

import dev.visor.optvis.RenderListener;
import java.util.ArrayList;
import java.util.List;

/**
 * A render listener that times each optimisation step; the first {@code warmup} steps are not counted. With a
 * baseline task, the task runs (and is timed) after every step, outside the step's time: the steps and the
 * baseline then alternate one by one, so a change of machine load hits both alike and their ratio stays meaningful.
 */
final class StepTimer implements RenderListener {
    private final int warmup;
    private final Runnable baseline;
    private final List<Double> times = new ArrayList<>();
    private final List<Double> baselineTimes = new ArrayList<>();
    private long last;

    StepTimer(int warmup) {
        this(warmup, null);
    }

    StepTimer(int warmup, Runnable baseline) {
        this.warmup = warmup;
        this.baseline = baseline;
    }

    @Override
    public void started(int steps, int batch) {
        last = Timing.now();
    }

    @Override
    public void stepped(int step, float[] scores) {
        long now = Timing.now();
        if (step >= warmup) {
            times.add((now - last) / 1e6);
        }
        if (baseline != null) {
            baseline.run();
            long after = Timing.now();
            if (step >= warmup) {
                baselineTimes.add((after - now) / 1e6);
            }
            now = after;
        }
        last = now;
    }

    /** Median ms of the counted steps (of every render this timer listened to). */
    double medianMs() {
        return median(times);
    }

    /** Median ms of the baseline runs. */
    double baselineMedianMs() {
        return median(baselineTimes);
    }

    private static double median(List<Double> list) {
        double[] t = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return t[t.length / 2];
    }
}
