package dev.visor.bench;

/**
 * Median time of repeated runs after warm-up: wall time, or with {@code -Dvisor.bench.cpu=true} the calling thread's
 * CPU time, which a loaded machine disturbs far less (meaningful with one libtorch thread, {@code VISOR_THREADS=1},
 * when every op runs on the calling thread).
 */
final class Timing {
    private static final boolean CPU = Boolean.getBoolean("visor.bench.cpu");
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private Timing() {}

    /** Nanoseconds on the clock the benchmarks use. */
    static long now() {
        return CPU ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Which clock {@link #now} reads, for table captions. */
    static String clock() {
        return CPU ? "calling thread's CPU time" : "wall time";
    }

    /** Median milliseconds of {@code runs} calls after {@code warmup} unmeasured ones. */
    static double medianMs(int warmup, int runs, Runnable r) {
        for (int i = 0; i < warmup; i++) {
            r.run();
        }
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long s = now();
            r.run();
            t[i] = (now() - s) / 1e6;
        }
        java.util.Arrays.sort(t);
        return t[runs / 2];
    }

    /** Median milliseconds of {@code runs} calls of a task that times itself (nanoseconds on {@link #now()}). */
    static double medianMs(int warmup, int runs, java.util.function.LongSupplier task) {
        for (int i = 0; i < warmup; i++) {
            task.getAsLong();
        }
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            t[i] = task.getAsLong() / 1e6;
        }
        java.util.Arrays.sort(t);
        return t[runs / 2];
    }

    /**
     * Median milliseconds of each of several tasks, run in turn (one call of each per round), so that a change of
     * machine load during the measurement hits all of them alike and their ratios stay meaningful.
     */
    static double[] interleavedMedianMs(int warmup, int runs, Runnable... tasks) {
        for (int i = 0; i < warmup; i++) {
            for (Runnable r : tasks) {
                r.run();
            }
        }
        double[][] t = new double[tasks.length][runs];
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < tasks.length; k++) {
                long s = now();
                tasks[k].run();
                t[k][i] = (now() - s) / 1e6;
            }
        }
        double[] med = new double[tasks.length];
        for (int k = 0; k < tasks.length; k++) {
            java.util.Arrays.sort(t[k]);
            med[k] = t[k][runs / 2];
        }
        return med;
    }

    /**
     * Like {@link #interleavedMedianMs} for two tasks, but the order alternates from round to round (a, b, then b, a),
     * so neither always runs right after the other (a cache, a waking thread pool) and both see the same mix. Each
     * task times itself on {@link #now()} and returns nanoseconds, so that it can leave its set-up out.
     */
    static double[] alternatingMedianMs(int warmup, int runs, java.util.function.LongSupplier a, java.util.function.LongSupplier b) {
        for (int i = 0; i < warmup; i++) {
            a.getAsLong();
            b.getAsLong();
        }
        double[][] t = new double[2][runs];
        java.util.function.LongSupplier[] tasks = {a, b};
        for (int i = 0; i < runs; i++) {
            for (int j = 0; j < 2; j++) {
                int k = (i + j) % 2;
                t[k][i] = tasks[k].getAsLong() / 1e6;
            }
        }
        java.util.Arrays.sort(t[0]);
        java.util.Arrays.sort(t[1]);
        return new double[] {t[0][runs / 2], t[1][runs / 2]};
    }
}
