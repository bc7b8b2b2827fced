package dev.visor.spark;

import dev.visor.model.Model;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One loaded model per JVM and {@link ModelSpec}: the first task of an executor loads it (starting libtorch
 * with {@link TorchThreads} first, which also extracts the native library into {@code DJL_CACHE_DIR} once),
 * later tasks of that executor, and concurrent ones, share it. Models stay loaded for the JVM's life.
 */
public final class ExecutorModels {
    private static final Map<String, Model> MODELS = new ConcurrentHashMap<>();

    private ExecutorModels() {}

    /** The model of {@code spec}, loaded on first use in this JVM. */
    public static Model get(ModelSpec spec) {
        return MODELS.computeIfAbsent(spec.key(), k -> {
            TorchThreads.configureFromSpark();
            return spec.load();
        });
    }

    /** Models loaded in this JVM (for the benchmark and tests). */
    public static int loaded() {
        return MODELS.size();
    }
}
