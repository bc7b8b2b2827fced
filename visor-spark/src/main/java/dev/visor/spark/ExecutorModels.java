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

    /**
     * The model of {@code spec}, loaded on first use in this JVM. Also turns libtorch's grad mode off on the calling
     * task thread (it is on by default in threads other than the one libtorch started on), so that the task's
     * forward-only passes take the same engine as in one process (ONNX Runtime; see {@code Model.forward}).
     */
    public static Model get(ModelSpec spec) {
        Model m = MODELS.computeIfAbsent(spec.key(), k -> {
            TorchThreads.configureFromSpark();
            return spec.load();
        });
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        return m;
    }

    /** Models loaded in this JVM (for the benchmark and tests). */
    public static int loaded() {
        return MODELS.size();
    }
}
