package dev.visor.optvis;

import dev.visor.VisorException;

/** Refuses renders whose image batch alone would not fit in memory, before any tensor is made. */
final class RenderBudget {
    /** Float values of one image batch; the loop holds several copies (parameters, leaves, gradients, activations). */
    static final long MAX_VALUES = 64L << 20;

    private RenderBudget() {}

    static void check(int batch, int channels, int size) {
        long values = (long) batch * channels * size * size;
        if (values > MAX_VALUES) {
            throw new VisorException(String.format("a batch of %d images of %d×%d×%d is %,d values, more than the %,d a render"
                    + " allows; render fewer units per batch or a smaller --size", batch, channels, size, size, values, MAX_VALUES));
        }
    }
}
