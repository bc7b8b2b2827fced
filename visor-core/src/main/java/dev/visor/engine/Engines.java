package dev.visor.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * The one tensor engine: DJL on libtorch (CPU), offline. Call {@link #get()} before any tensor work;
 * it fixes the thread settings (read once by libtorch at start) and forbids downloads.
 */
public final class Engines {
    private static volatile Engine engine;

    private Engines() {}

    /** Starts (once) and returns the PyTorch engine with Visor's settings. */
    public static Engine get() {
        Engine e = engine;
        if (e == null) {
            synchronized (Engines.class) {
                if (engine == null) {
                    defaultProperty("ai.djl.offline", "true");
                    int cores = Runtime.getRuntime().availableProcessors();
                    defaultProperty("ai.djl.pytorch.num_threads", String.valueOf(cores));
                    defaultProperty("ai.djl.pytorch.num_interop_threads", String.valueOf(cores));
                    defaultProperty("ai.djl.default_engine", "PyTorch");
                    engine = Engine.getEngine("PyTorch");
                }
                e = engine;
            }
        }
        return e;
    }


    /** A new root manager on the CPU; close it (try-with-resources) to free its native memory. */
    public static NDManager newManager() {
        return get().newBaseManager();
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
