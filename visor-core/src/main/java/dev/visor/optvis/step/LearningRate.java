package dev.visor.optvis.step;

/** A learning-rate schedule: the rate at a step of a run of {@code steps} steps. */
public interface LearningRate {
    /** The rate at {@code step} (from 0). */
    double at(int step, int steps);

    /** A short description. */
    String describe();

    /** The same rate every step. */
    static LearningRate constant(double lr) {
        return new LearningRate() {
            @Override
            public double at(int step, int steps) {
                return lr;
            }

            @Override
            public String describe() {
                return String.valueOf(lr);
            }
        };
    }

    /** Linear from {@code from} at step 0 to {@code to} at the last step (DGN-AM: 8 to ~0). */
    static LearningRate linear(double from, double to) {
        return new LearningRate() {
            @Override
            public double at(int step, int steps) {
                return steps <= 1 ? from : from + (to - from) * step / (double) (steps - 1);
            }

            @Override
            public String describe() {
                return from + "→" + to;
            }
        };
    }

    /** Multiplied by {@code factor} every {@code every} steps (inversion's learning-rate drops). */
    static LearningRate stepDecay(double lr, double factor, int every) {
        return new LearningRate() {
            @Override
            public double at(int step, int steps) {
                return lr * Math.pow(factor, step / every);
            }

            @Override
            public String describe() {
                return lr + "×" + factor + "/" + every + " steps";
            }
        };
    }
}
