package dev.visor.optvis.param;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.VisorException;
import dev.visor.engine.RunRandom;
import dev.visor.generative.LatentGenerator;
import dev.visor.model.Model;
import dev.visor.optvis.RenderSettings;
import java.util.List;

/**
 * A code h optimised through a generator: image = map(G(h)), G's output range and size mapped to the
 * classifier's input by {@link LatentGenerator}. The one parameter is h, shape (N, code...). DGN-AM
 * (Nguyen et al. 2016) and the PPGN sampler run on it; h's constraints (clipping to [0, 3·max observed],
 * decay towards 0) are the step operations {@link dev.visor.optvis.step.LatentClip} and
 * {@link dev.visor.optvis.step.LatentDecay}.
 */
public final class LatentParameterization extends Parameterization {
    private final LatentGenerator generator;
    private final java.util.Map<String, NDArray> constants = new java.util.HashMap<>();

    /**
     * @param parent    manager for the code
     * @param generator G with its fixed inputs (owned by the caller)
     * @param start     the starting codes (N, code...) or one code (1, code...) for all items; copied
     * @param batch     number of batch items
     */
    public LatentParameterization(NDManager parent, LatentGenerator generator, NDArray start, int batch) {
        super(parent, imageShape(generator, batch));
        this.generator = generator;
        long[] want = codeShape(generator, batch);
        long[] got = start.getShape().getShape();
        boolean ok = got.length == want.length && (got[0] == 1 || got[0] == batch);
        for (int i = 1; ok && i < got.length; i++) {
            ok = got[i] == want[i];
        }
        if (!ok) {
            throw new VisorException("start code of shape " + start.getShape() + " does not fit the generator's latent input "
                    + generator.latentInput() + " " + new Shape(want));
        }
        NDArray h = start.duplicate();
        h.attach(manager());
        addParameter(got[0] == batch ? h : h.repeat(0, batch));
    }

    private static Shape imageShape(LatentGenerator g, int batch) {
        return new Shape(batch, g.targetChannels(), g.targetHeight(), g.targetWidth());
    }

    /** The shape of a batch of codes. */
    public static long[] codeShape(LatentGenerator g, int batch) {
        long[] ls = g.latentShape();
        long[] s = new long[ls.length + 1];
        s[0] = batch;
        System.arraycopy(ls, 0, s, 1, ls.length);
        return s;
    }

    /** The generator. */
    public LatentGenerator generator() {
        return generator;
    }

    /** The current codes (do not close). */
    public NDArray code() {
        return parameters().get(0);
    }

    /**
     * A per-unit constant of the code's shape (1, code...), made once in this parameterisation's manager and kept
     * under {@code key} (step operations' bounds).
     */
    public NDArray constant(String key, float[] values) {
        return constants.computeIfAbsent(key, k -> manager().create(values).reshape(new Shape(codeShape(generator, 1))));
    }

    /** Replaces the codes (copied). */
    public void setCode(NDArray h) {
        NDArray c = h.duplicate();
        update(0, c);
    }

    @Override
    public NDArray image(List<NDArray> values) {
        return generator.images(values.get(0));
    }

    @Override
    public void initFrom(NDArray image01) {
        throw new VisorException("a latent parameterisation starts from a code, not an image; start from E(x) of the image"
                + " (dgn-am --start image:PATH)");
    }

    @Override
    public String describe() {
        return "latent(" + generator.describe() + ")";
    }

    /**
     * {@code latent}: registered so the name resolves, but it needs a generator, which render settings do not hold;
     * the jobs that optimise codes ({@code visor dgn-am}) build the parameterisation themselves.
     */
    public static final class Kind implements ParameterizationKind {
        @Override
        public String name() {
            return "latent";
        }

        @Override
        public Parameterization create(RenderSettings s, Model model, Shape shape, RunRandom random, NDManager parent) {
            throw new VisorException("the latent parameterisation needs a generator; use visor dgn-am --generator G");
        }
    }
}
