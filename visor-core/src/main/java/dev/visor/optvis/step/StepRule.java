package dev.visor.optvis.step;

/**
 * How parameters move along their gradients each step (ascent: objectives are maximised).
 * Rules with state (Adam's moments) keep it between {@link #reset} calls.
 */
public interface StepRule {
    /** Moves every parameter of {@code ctx.param()} along {@code ctx.gradients()}. */
    void step(StepContext ctx);

    /** Drops any state; called by the renderer before and after a run. */
    default void reset() {}

    /** A short description for sidecars. */
    String describe();
}
