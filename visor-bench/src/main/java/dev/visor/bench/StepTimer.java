package dev.visor.bench;

import dev.visor.optvis.RenderListener;
import java.util.ArrayList;
import java.util.List;

/** A render listener that times each optimisation step; the first {@code warmup} steps are not counted. */
final class StepTimer implements RenderListener {
    private final int warmup;
    private final List<Double> times = new ArrayList<>();
    private long last;

    StepTimer(int warmup) {
        this.warmup = warmup;
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
        last = now;
    }

    /** Median ms of the counted steps (of every render this timer listened to). */
    double medianMs() {
        double[] t = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return t[t.length / 2];
    }
}
