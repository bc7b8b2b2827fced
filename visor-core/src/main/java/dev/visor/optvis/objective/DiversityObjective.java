package dev.visor.optvis.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Set;

/**
 * Similarity of the batch items' styles at a layer (Olah 2017): the cosine similarity of the items'
 * Gram matrices. Item i scores {@code sum over j != i of cos(G_i, G_j) / N}, so the batch total is
 * Lucid's diversity value; subtract it (e.g. {@code - 100*diversity(layer)}) to push items apart.
 */
public final class DiversityObjective implements Objective {
    private final String layer;

    /** @param layer the layer whose Gram matrices are compared */
    public DiversityObjective(String layer) {
        this.layer = layer;
    }

    /** Pairwise cosine similarity of the items' normalised Gram matrices, [N, N]. */
    public static NDArray gramCosines(NDArray act) {
        long n = act.getShape().get(0);
        long c = act.getShape().get(1);
        NDArray flat = act.reshape(n, c, -1);
        NDArray gram = flat.matMul(flat.transpose(0, 2, 1)).reshape(n, -1);
        NDArray norm = gram.square().sum(new int[] {1}, true).add(1e-10f).sqrt();
        NDArray unit = gram.div(norm);
        return unit.matMul(unit.transpose());
    }

    /** Mean over pairs i != j of the Gram cosine: the test metric of diversity. */
    public static float meanPairwiseCosine(NDArray act) {
        long n = act.getShape().get(0);
        float[] cos = gramCosines(act).toFloatArray();
        double s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    s += cos[(int) (i * n + j)];
                }
            }
        }
        return (float) (s / (n * (n - 1)));
    }

    @Override
    public NDArray score(Evaluation e) {
        NDArray act = e.activations().get(layer);
        long n = act.getShape().get(0);
        NDArray cos = gramCosines(act);
        NDManager m = cos.getManager();
        NDArray offDiagonal = m.ones(cos.getShape()).sub(m.eye((int) n));
        return dev.visor.engine.Scalars.divide(cos.mul(offDiagonal).sum(new int[] {1}), n);
    }

    @Override
    public Set<String> layers() {
        return Set.of(layer);
    }

    @Override
    public void validate(ModelShapes shapes) {
        long[] s = shapes.shape(layer);
        if (s.length != 4) {
            throw new dev.visor.VisorException("diversity needs a convolutional layer (N×C×H×W); '" + layer + "' has rank " + s.length);
        }
    }

    @Override
    public String describe() {
        return "diversity(" + Objectives.quote(layer) + ")";
    }
}
