package dev.visor.ppgn;

import ai.djl.ndarray.NDArray;
import dev.visor.VisorException;
import dev.visor.io.ModelLoader;
import dev.visor.model.Model;
import dev.visor.train.DaeTrainer;

/**
 * PPGN's prior R on the code h: a denoising autoencoder, so that R(h) − h ≈ σ² ∂log p(h)/∂h.
 * Any model with one vector input and an output of the same length works (a Visor model made by
 * {@code visor train dae}, or ONNX / Keras); Visor's own also record the per-unit maximum of the
 * training codes, which scales the sampler's clip.
 */
public final class DaePrior implements dev.visor.optvis.step.CodePrior, AutoCloseable {
    private final Model model;
    private final int dim;

    /** Wraps a loaded model; refuses one whose input is not a vector or whose output length differs. */
    public DaePrior(Model model) {
        this.model = model;
        long[] in = model.graph().inputShape();
        if (in.length != 2 || in[1] <= 0) {
            model.close();
            throw new VisorException("DAE " + model.source() + " must take a vector (N, D); its input has shape "
                    + java.util.Arrays.toString(in));
        }
        this.dim = (int) in[1];
    }

    /** Loads {@code builtin:fashion-dae}, a Visor model folder, ONNX or Keras file. */
    public static DaePrior load(String spec) {
        return new DaePrior(ModelLoader.load(spec));
    }

    /** The code length D. */
    public int dim() {
        return dim;
    }

    /** The wrapped model. */
    public Model model() {
        return model;
    }

    /** R(h) for a batch (N, D); differentiable. */
    @Override
    public NDArray reconstruct(NDArray h) {
        if (h.getShape().dimension() != 2 || h.getShape().get(1) != dim) {
            throw new VisorException("DAE " + model.source() + " takes codes of length " + dim + ", got shape " + h.getShape());
        }
        return model.forward(h).output();
    }

    /** Per-unit maximum of the training codes, or null when the model does not record it. */
    public float[] codeMax() {
        NDArray a = model.graph().initializers().get(DaeTrainer.CODE_MAX);
        return a == null ? null : a.toFloatArray();
    }

    /** The training noise std σ, or NaN when the model does not record it. */
    public double noiseStd() {
        NDArray a = model.graph().initializers().get(DaeTrainer.NOISE_STD);
        return a == null ? Double.NaN : a.getFloat();
    }

    @Override
    public String describe() {
        return "DAE " + model.source();
    }

    @Override
    public void close() {
        model.close();
    }
}
