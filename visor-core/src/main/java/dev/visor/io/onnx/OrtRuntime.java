package dev.visor.io.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;

/**
 * The process's one ONNX Runtime environment and the options of every session Visor opens on it. The environment
 * owns one intra-op thread pool that all sessions share ({@code disablePerSessionThreads}): with a pool per session,
 * each session's workers keep spinning after its pass while another session runs, so two sessions in one process
 * (several layer sets of a model, several models, or a benchmark's baseline beside the fast path) fight for the
 * same cores. If some other code created the environment first, sessions fall back to a pool each.
 */
public final class OrtRuntime {
    private static OrtEnvironment env;
    private static boolean sharedPool;

    private OrtRuntime() {}

    /** The environment, created on first use with a shared pool of {@link #threads()} intra-op threads. */
    public static synchronized OrtEnvironment environment() {
        if (env == null) {
            try (OrtEnvironment.ThreadingOptions t = new OrtEnvironment.ThreadingOptions()) {
                t.setGlobalIntraOpNumThreads(threads());
                t.setGlobalInterOpNumThreads(1);
                env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "visor", t);
                sharedPool = true;
            } catch (IllegalStateException | OrtException e) {
                env = OrtEnvironment.getEnvironment(); // created elsewhere before: its sessions keep their own pools
                sharedPool = false;
            }
        }
        return env;
    }

    /** True when the sessions share the environment's thread pool. */
    public static synchronized boolean sharedPool() {
        environment();
        return sharedPool;
    }

    /**
     * Options for a session on {@link #environment()}: all graph optimisations, sequential execution, the shared
     * pool (or, without one, {@link #threads()} threads of its own); the caller closes them.
     */
    public static OrtSession.SessionOptions options() throws OrtException {
        boolean shared = sharedPool();
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        if (shared) {
            so.disablePerSessionThreads();
        } else {
            so.setIntraOpNumThreads(threads());
            so.setInterOpNumThreads(1);
        }
        return so;
    }

    /** Intra-op threads: libtorch's ({@code VISOR_THREADS}, set by ./visor), else all cores. */
    public static int threads() {
        Integer t = Integer.getInteger("ai.djl.pytorch.num_threads");
        if (t == null && System.getenv("VISOR_THREADS") != null) {
            try {
                t = Integer.parseInt(System.getenv("VISOR_THREADS").trim());
            } catch (NumberFormatException e) {
                t = null;
            }
        }
        return t == null || t <= 0 ? Runtime.getRuntime().availableProcessors() : t;
    }
}
