package dev.visor.generative;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.data.Batches;
import dev.visor.data.Dataset;
import dev.visor.model.Model;

/** The reconstruction error of a generator through its classifier's code: mean ‖G(E(x)) − x‖² per image. */
public final class Reconstruction {
    private Reconstruction() {}

    /**
     * Mean over the first {@code n} images of {@code data} of Σ_pixels (G(E(x)) − x)², with x the image in [0, 1] at the
     * classifier's size and E(x) the classifier's activation at {@code codeLayer}.
     */
    public static double meanError(Model classifier, String codeLayer, Model generator, Dataset data, int n) {
        Dataset d = n > 0 && n < data.size() ? data.head(n) : data;
        double sum = 0;
        try (NDManager m = generator.manager().newSubManager()) {
            for (Batches.Batch b : Batches.of(d, classifier.inputSpec(), 250, m)) {
                try (b) {
                    NDArray h = classifier.forward(b.input(), codeLayer).get(codeLayer);
                    NDArray g = generator.forward(h).output();
                    sum += g.sub(b.images()).square().sum().getFloat();
                }
            }
        }
        return sum / d.size();
    }
}
