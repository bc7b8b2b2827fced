package dev.visor.optvis.param;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.engine.RunRandom;
import java.util.List;

/**
 * Pixels optimised directly. Raw: the parameter is the image (keep it in range with a clipping
 * step op, as Yosinski et al. do). Sigmoid: the parameter holds logits and the image is their
 * sigmoid, so it is always in range.
 */
public final class PixelParameterization extends Parameterization {
    private final boolean sigmoid;

    /**
     * Starts from grey {@code centre} plus Gaussian noise.
     *
     * @param parent   manager for the parameters
     * @param shape    image batch shape NCHW
     * @param sigmoid  squash through a sigmoid (else raw pixels)
     * @param centre   starting grey level in [0, 1]
     * @param noiseStd standard deviation of the starting noise (image units)
     * @param random   the run's random source
     */
    public PixelParameterization(NDManager parent, Shape shape, boolean sigmoid, float centre, float noiseStd, RunRandom random) {
        super(parent, shape);
        this.sigmoid = sigmoid;
        NDArray x = random.normal(manager(), shape, noiseStd).add(centre);
        addParameter(sigmoid ? logit(x) : x);
    }

    /** True when the parameter is the image itself (pixel-space step ops apply). */
    public boolean raw() {
        return !sigmoid;
    }

    @Override
    public NDArray image(List<NDArray> values) {
        NDArray v = values.get(0);
        return sigmoid ? v.getNDArrayInternal().sigmoid() : v;
    }

    @Override
    public void initFrom(NDArray image01) {
        checkInit(image01);
        NDArray x = toBatch(image01, manager());
        update(0, sigmoid ? logit(x) : x);
    }

    static NDArray logit(NDArray p) {
        NDArray c = p.maximum(1e-3f).minimum(1 - 1e-3f);
        return c.div(c.neg().add(1f)).log();
    }

    @Override
    public String describe() {
        return sigmoid ? "pixel-sigmoid" : "pixel";
    }

    /** {@code pixel}: raw pixels from the model's mean grey plus noise, kept in range by a clipping step op. */
    public static final class Kind implements ParameterizationKind {
        @Override
        public String name() {
            return "pixel";
        }

        @Override
        public boolean rawPixels() {
            return true;
        }

        @Override
        public Parameterization create(dev.visor.optvis.RenderSettings s, dev.visor.model.Model model, Shape shape,
                                       RunRandom random, NDManager parent) {
            return new PixelParameterization(parent, shape, false, dev.visor.optvis.RenderPlan.centre(model),
                    (float) s.initStd(), random);
        }
    }

    /** {@code pixel-sigmoid}: logits whose sigmoid is the image, starting at grey 0.5 plus noise. */
    public static final class SigmoidKind implements ParameterizationKind {
        @Override
        public String name() {
            return "pixel-sigmoid";
        }

        @Override
        public Parameterization create(dev.visor.optvis.RenderSettings s, dev.visor.model.Model model, Shape shape,
                                       RunRandom random, NDManager parent) {
            return new PixelParameterization(parent, shape, true, 0.5f, (float) s.initStd(), random);
        }
    }
}
