package dev.visor.sanity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.engine.RunRandom;
import dev.visor.model.Graph;
import dev.visor.model.Model;
import dev.visor.model.Node;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Model-parameter randomisation of Adebayo et al. 2018 (REFERENCE.md §8) without touching the model: a new
 * {@link Model} over a copy of the graph whose chosen layers' weights and biases are replaced by seeded
 * Gaussian draws with the same standard deviation as the trained weights (the scale of a fresh
 * initialisation). Every other initializer is shared, read-only, with the trained model; the new arrays
 * live in the copy's own manager and go when the copy is closed.
 */
public final class RandomizedCopy {
    private RandomizedCopy() {}

    /** The layers that carry weights: Conv, ConvTranspose, Gemm and MatMul nodes with a weight initializer, in execution order. */
    public static List<Node> weightedLayers(Model model) {
        List<Node> out = new ArrayList<>();
        for (Node n : model.nodes()) {
            boolean weighted = switch (n.opType()) {
                case "Conv", "ConvTranspose", "Gemm", "MatMul" -> n.inputs().size() > 1 && model.graph().initializers().containsKey(n.inputs().get(1));
                default -> false;
            };
            if (weighted) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * A copy of {@code model} with the weight and bias of {@code layers} re-drawn (close the copy; the trained
     * model is unchanged).
     *
     * @param seed the draws of layer L come from {@code RunRandom.derive(seed, L's node name)}, so a layer gets
     *             the same random weights in the cascade and in the independent test
     */
    public static Model of(Model model, Collection<Node> layers, long seed) {
        Graph g = model.graph();
        NDManager m = model.manager().newSubManager();
        Map<String, NDArray> inits = new java.util.LinkedHashMap<>(g.initializers());
        for (Node n : layers) {
            RunRandom r = new RunRandom(RunRandom.derive(seed, n.name()));
            for (int i = 1; i < Math.min(3, n.inputs().size()); i++) {
                NDArray w = inits.get(n.inputs().get(i));
                if (w == null || !w.getDataType().isFloating()) {
                    continue;
                }
                float std = i == 1 ? (float) Math.max(1e-3, std(g.initializers().get(n.inputs().get(i)))) : 0.01f;
                inits.put(n.inputs().get(i), r.normal(m, w.getShape(), std).toType(w.getDataType(), false));
            }
        }
        Graph copy = new Graph(g.name(), g.inputName(), g.inputShape(), g.nodes(), inits, g.outputs(), g.layerAliases());
        return new Model(copy, model.inputSpec(), model.labels(), model.source() + " (randomised)", m);
    }

    private static double std(NDArray w) {
        float[] v = w.toFloatArray();
        double mean = 0;
        for (float f : v) {
            mean += f;
        }
        mean /= v.length;
        double s = 0;
        for (float f : v) {
            s += (f - mean) * (f - mean);
        }
        return Math.sqrt(s / Math.max(1, v.length));
    }
}
