package dev.visor.engine;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Records tensor operations for a backward pass on the calling thread only, for the length of a
 * try-with-resources block. This is what DJL's {@code GradientCollector} does for PyTorch (libtorch's grad
 * mode is thread-local), without that class's JVM-wide "only one can be collecting at a time" flag, so
 * several threads of one JVM (Spark tasks in one executor, {@code local[N]}) can each run an optimisation.
 * Gradients are read from the leaves ({@code getGradient}) after {@code Activations.backward}.
 */
public final class GradScope implements AutoCloseable {
    private final boolean previous;

    private GradScope() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    /** Turns grad mode on for this thread until {@link #close()}. */
    public static GradScope open() {
        Engines.get();
        return new GradScope();
    }

    /** Restores this thread's previous grad mode. */
    @Override
    public void close() {
        if (!previous) {
            JniUtils.setGradMode(false);
        }
    }
}
