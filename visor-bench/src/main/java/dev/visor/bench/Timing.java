package dev.visor.bench;

/** Median wall time of repeated runs after warm-up. */
final class Timing {
    private Timing() {}

    /** Median milliseconds of {@code runs} calls after {@code warmup} unmeasured ones. */
    static double medianMs(int warmup, int runs, Runnable r) {
        for (int i = 0; i < warmup; i++) {
            r.run();
        }
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        java.util.Arrays.sort(t);
        return t[runs / 2];
    }
}
