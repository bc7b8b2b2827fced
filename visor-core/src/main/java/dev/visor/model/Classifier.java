package dev.visor.model;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/** Class probabilities and top-k predictions of a classifier model, for images in [0, 1]. */
public final class Classifier {
    /**
     * One predicted class.
     *
     * @param index       class index
     * @param label       class name ("class N" when the model has no labels)
     * @param probability softmax probability
     */
    public record Prediction(int index, String label, float probability) {}

    private final Model model;

    /** @param model a model whose first output is class logits or probabilities */
    public Classifier(Model model) {
        this.model = model;
    }

    /** The model. */
    public Model model() {
        return model;
    }

    /** Softmax probabilities (N, classes) of images (NCHW, [0, 1]); a Softmax output is not applied twice. */
    public NDArray probabilities(NDArray images01) {
        NDArray out = model.forward(model.inputSpec().toModel(images01)).output();
        NDArray flat = out.reshape(out.getShape().get(0), -1);
        return isProbability(flat) ? flat : flat.softmax(1);
    }

    /**
     * True when every row is already a distribution (a model ending in Softmax, however the graph spells it);
     * logits almost never are, and a second softmax would flatten real probabilities.
     */
    static boolean isProbability(NDArray rows) {
        float[] v = rows.toFloatArray();
        int n = (int) rows.getShape().get(0);
        int k = v.length / Math.max(n, 1);
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                float x = v[i * k + j];
                if (x < 0f || x > 1f) {
                    return false;
                }
                sum += x;
            }
            if (Math.abs(sum - 1) > 1e-3) {
                return false;
            }
        }
        return true;
    }

    /** The k most probable classes of each image. */
    public List<List<Prediction>> topK(NDArray images01, int k) {
        NDArray p = probabilities(images01);
        List<List<Prediction>> result = new ArrayList<>();
        for (int i = 0; i < p.getShape().get(0); i++) {
            float[] probs = p.get(i).toFloatArray();
            result.add(topK(probs, k));
        }
        return result;
    }

    /** The k largest entries of a probability vector, as predictions. */
    public List<Prediction> topK(float[] probs, int k) {
        Integer[] idx = new Integer[probs.length];
        for (int j = 0; j < idx.length; j++) {
            idx[j] = j;
        }
        java.util.Arrays.sort(idx, (a, b) -> Float.compare(probs[b], probs[a]));
        List<Prediction> top = new ArrayList<>();
        for (int j = 0; j < Math.min(k, probs.length); j++) {
            top.add(new Prediction(idx[j], label(idx[j]), probs[idx[j]]));
        }
        return top;
    }

    /** The name of a class. */
    public String label(int index) {
        return index < model.labels().size() ? model.labels().get(index) : "class " + index;
    }
}
