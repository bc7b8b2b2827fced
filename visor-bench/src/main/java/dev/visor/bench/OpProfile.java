package dev.visor.bench;

import dev.visor.model.Node;
import dev.visor.model.OpTimer;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Sums the time of each op type over several forward passes and renders it as a table per pass. */
final class OpProfile implements OpTimer {
    private final Map<String, long[]> byOp = new LinkedHashMap<>();

    @Override
    public synchronized void record(Node node, String opType, long nanos) {
        long[] v = byOp.computeIfAbsent(opType, k -> new long[2]);
        v[0] += nanos;
        v[1]++;
    }

    /** Forgets what was recorded. */
    synchronized void clear() {
        byOp.clear();
    }

    /**
     * The table: op type, calls per pass, ms per pass, share of the ops' time, and a last row for what the
     * pass spent outside the ops (Java glue, JNI, the output copy).
     *
     * @param passes   passes recorded
     * @param passMs   median wall time of one whole pass, measured without the profiler
     */
    synchronized String render(int passes, double passMs) {
        long total = byOp.values().stream().mapToLong(v -> v[0]).sum();
        BenchTable t = new BenchTable("op", "calls/pass", "ms/pass", "% of ops");
        byOp.entrySet().stream().sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0]))
                .forEach(e -> t.row(e.getKey(), e.getValue()[1] / passes, e.getValue()[0] / 1e6 / passes, 100.0 * e.getValue()[0] / total));
        double opsMs = total / 1e6 / passes;
        t.row("(all ops)", byOp.values().stream().mapToLong(v -> v[1]).sum() / passes, opsMs, 100.0);
        t.row("(outside ops: glue, output copy)", "-", Math.max(0, passMs - opsMs), Double.NaN);
        return t.render();
    }
}
