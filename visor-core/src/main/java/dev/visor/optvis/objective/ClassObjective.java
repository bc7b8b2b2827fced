package dev.visor.optvis.objective;

import ai.djl.ndarray.NDArray;
import java.util.Set;

/** A class logit, or its log-probability under a softmax over the output layer. */
public final class ClassObjective implements Objective {
    private final String outputLayer;
    private final int classIndex;
    private final boolean logProbability;

    /**
     * @param outputLayer    the logits layer (the model's output)
     * @param classIndex     class index
     * @param logProbability true for log p(class), false for the logit
     */
    public ClassObjective(String outputLayer, int classIndex, boolean logProbability) {
        this.outputLayer = outputLayer;
        this.classIndex = classIndex;
        this.logProbability = logProbability;
    }

    /** The class index. */
    public int classIndex() {
        return classIndex;
    }

    @Override
    public NDArray score(Evaluation e) {
        NDArray out = e.activations().get(outputLayer);
        NDArray logits = out.reshape(out.getShape().get(0), -1);
        if (logProbability) {
            logits = logits.logSoftmax(1);
        }
        return logits.get(":, " + classIndex);
    }

    @Override
    public Set<String> layers() {
        return Set.of(outputLayer);
    }

    @Override
    public void validate(ModelShapes shapes) {
        long[] s = shapes.shape(outputLayer);
        long n = 1;
        for (int i = 1; i < s.length; i++) {
            n *= s[i];
        }
        if (classIndex < 0 || classIndex >= n) {
            throw new dev.visor.VisorException("class " + classIndex + " is out of range: the model has " + n + " classes (0-" + (n - 1) + ")");
        }
    }

    @Override
    public String describe() {
        return (logProbability ? "logprob(" : "logit(") + classIndex + ")";
    }
}
