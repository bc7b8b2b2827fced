package dev.visor.dissect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.engine.RunRandom;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import dev.visor.model.Node;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Copies of a model for dissection tests: the same graph with another input size, or with its weights re-drawn
 * as at initialisation (Keras defaults: Glorot-uniform convolution kernels, zero biases, BatchNormalization
 * scale 1, shift 0, mean 0, variance 1), seeded. Copies own their weights; the original may be closed first.
 */
final class RandomWeights {
    private RandomWeights() {}

    /** The same weights (copied), the model taking {@code size}×{@code size} inputs. */
    static Model resized(Model m, int size) {
        return copy(m, size, null);
    }

    /** Freshly initialised weights from {@code seed}, the model taking {@code size}×{@code size} inputs. */
    static Model randomised(Model m, int size, long seed) {
        return copy(m, size, new RunRandom(seed).asRandom());
    }

    private static Model copy(Model m, int size, Random random) {
        Graph g = m.graph();
        NDManager own = m.manager().getEngine().newBaseManager();
        Map<String, NDArray> init = new LinkedHashMap<>();
        g.initializers().forEach((k, v) -> init.put(k, v.duplicate()));
        init.values().forEach(a -> a.attach(own));
        if (random != null) {
            for (Node n : g.nodes()) {
                if (n.opType().equals("Conv") && init.containsKey(n.inputs().get(1))) {
                    long[] s = init.get(n.inputs().get(1)).getShape().getShape();
                    long field = s[2] * s[3];
                    double limit = Math.sqrt(6.0 / (s[1] * field + s[0] * field));
                    float[] w = new float[Math.toIntExact(s[0] * s[1] * field)];
                    for (int i = 0; i < w.length; i++) {
                        w[i] = (float) ((2 * random.nextDouble() - 1) * limit);
                    }
                    replace(init, n.inputs().get(1), own, w);
                    if (n.inputs().size() > 2) {
                        replace(init, n.inputs().get(2), own, new float[Math.toIntExact(s[0])]);
                    }
                } else if (n.opType().equals("BatchNormalization")) {
                    float[] fill = {1, 0, 0, 1};
                    for (int k = 0; k < 4; k++) {
                        String name = n.inputs().get(k + 1);
                        float[] v = new float[Math.toIntExact(init.get(name).size())];
                        java.util.Arrays.fill(v, fill[k]);
                        replace(init, name, own, v);
                    }
                }
            }
        }
        long[] shape = g.inputShape().clone();
        shape[2] = -1;
        shape[3] = -1;
        Graph copy = new Graph(g.name(), g.inputName(), shape, g.nodes(), init, g.outputs(), g.layerAliases());
        InputSpec spec = m.inputSpec().withSize(size, size);
        return new Model(copy, spec, m.labels(), m.source() + (random == null ? "" : " (random weights)"), own);
    }

    private static void replace(Map<String, NDArray> init, String name, NDManager own, float[] values) {
        NDArray old = init.get(name);
        init.put(name, own.create(values, old.getShape()));
        old.close();
    }
}
