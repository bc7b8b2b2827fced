package dev.visor.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where a partitioned job keeps each partition's result and checkpoint: {@code out/spark-parts/<job>-<p>-of-<n>/}. */
final class Parts {
    /** Folder of the partitions' results inside an output folder. */
    static final String FOLDER = "spark-parts";

    private Parts() {}

    static Path dir(Path out, String job, int p, int n) {
        return out.resolve(FOLDER).resolve(job + "-" + p + "-of-" + n);
    }

    static List<Integer> range(int n) {
        List<Integer> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(i);
        }
        return l;
    }
}
