package dev.visor.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DJL's Adam update (the same fused {@code adamUpdate} kernel and bias correction as
 * {@code Optimizer.adam()}), with its moment estimates and step count open to a checkpoint, which
 * DJL's own {@code Adam} keeps private. A resumed run therefore continues exactly.
 */
public final class ResumableAdam extends Optimizer {
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private float learningRate;
    private final Map<String, NDArray> means = new LinkedHashMap<>();
    private final Map<String, NDArray> variances = new LinkedHashMap<>();

    /**
     * @param learningRate the initial learning rate
     * @param stepsDone    updates already done (the step count of a checkpoint; 0 for a new run)
     */
    public ResumableAdam(float learningRate, int stepsDone) {
        super(new Builder().optBeginNumUpdate(stepsDone));
        this.learningRate = learningRate;
        this.beta1 = 0.9f;
        this.beta2 = 0.999f;
        this.epsilon = 1e-8f;
    }

    /** Sets the learning rate of the following updates (a schedule). */
    public void setLearningRate(float lr) {
        this.learningRate = lr;
    }

    /** The current learning rate. */
    public float learningRate() {
        return learningRate;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = updateCount(parameterId);
        double coef1 = 1.0 - Math.pow(beta1, t);
        double coef2 = 1.0 - Math.pow(beta2, t);
        float corrected = (float) (learningRate * Math.sqrt(coef2) / coef1);
        NDArray mean = means.computeIfAbsent(parameterId, k -> weight.zerosLike());
        NDArray var = variances.computeIfAbsent(parameterId, k -> weight.zerosLike());
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, mean, var), new NDList(weight), learningRate,
                corrected, getWeightDecay(), rescaleGrad, clipGrad, beta1, beta2, epsilon, true, false);
    }

    /**
     * Updates every parameter from its gradient after a backward pass, closing each gradient handle (it is made
     * in the weight's manager, which would otherwise grow every step).
     */
    public void updateAll(Map<String, NDArray> params) {
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray w = e.getValue();
            try (NDArray g = w.getGradient()) {
                update(e.getKey(), w, g);
            }
        }
    }

    /**
     * {@link #updateAll} for training loops whose weights persist across backward passes: libtorch adds every
     * backward into a weight's gradient and DJL never zeroes it (docs/ENGINE-FINDINGS.md), so each gradient is
     * zeroed in place after its update and the next step sees only its own. (With this fused Adam kernel
     * the DAE trained to byte-identical weights with and without the zeroing, so it is a guard, not a fix.)
     */
    public void updateAllAndZero(Map<String, NDArray> params) {
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray w = e.getValue();
            try (NDArray g = w.getGradient()) {
                update(e.getKey(), w, g);
                g.subi(g);
            }
        }
    }

    /** First-moment estimates by parameter (live arrays; copy before changing). */
    public Map<String, NDArray> means() {
        return means;
    }

    /** Second-moment estimates by parameter (live arrays). */
    public Map<String, NDArray> variances() {
        return variances;
    }

    /** Restores the moments of a checkpoint (the arrays are kept, not copied). */
    public void restore(Map<String, NDArray> m, Map<String, NDArray> v) {
        means.putAll(new HashMap<>(m));
        variances.putAll(new HashMap<>(v));
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
