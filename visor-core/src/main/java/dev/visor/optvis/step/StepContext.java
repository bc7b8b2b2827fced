package dev.visor.optvis.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.engine.RunRandom;
import dev.visor.optvis.param.Parameterization;
import dev.visor.optvis.param.PixelParameterization;
import java.util.List;

/**
 * One step of an optimisation as step rules and image operations see it.
 *
 * @param param     the parameterisation (write new values with {@code update})
 * @param gradients the ascent gradient of each parameter (mutable: gradient operations may replace entries)
 * @param step      the step index, from 0
 * @param steps     the planned number of steps
 * @param manager   the step's manager: make every temporary array here
 * @param random    the run's random source
 */
public record StepContext(Parameterization param, List<NDArray> gradients, int step, int steps, NDManager manager,
                          RunRandom random) {
    /** A copy of parameter {@code i} in the step manager, safe to compute on. */
    public NDArray local(int i) {
        NDArray x = param.parameters().get(i).duplicate();
        x.attach(manager);
        return x;
    }

    /** The raw pixel parameterisation, or a one-line error naming the operation that needs it. */
    public PixelParameterization pixels(String operation) {
        if (param instanceof PixelParameterization p && p.raw()) {
            return p;
        }
        throw new VisorException(operation + " works on raw pixels; use the pixel parameterisation (got " + param.describe() + ")");
    }

    /** The latent parameterisation, or a one-line error naming the operation that needs it. */
    public dev.visor.optvis.param.LatentParameterization latent(String operation) {
        if (param instanceof dev.visor.optvis.param.LatentParameterization p) {
            return p;
        }
        throw new VisorException(operation + " works on a generator's code; use the latent parameterisation (got " + param.describe() + ")");
    }

    /** A scalar in the step manager (so operations never touch long-lived arrays' managers). */
    public NDArray scalar(double v) {
        return manager.create((float) v);
    }
}
