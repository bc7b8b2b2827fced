package dev.visor.facets;

import ai.djl.ndarray.NDArray;
import dev.visor.data.Batches;
import dev.visor.data.Dataset;
import dev.visor.model.Activations;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import dev.visor.optvis.objective.Evaluation;
import dev.visor.optvis.objective.Objective;
import java.util.List;
import java.util.PriorityQueue;

/**
 * STOPGAP — to be replaced by the streaming top-k pass of {@code stats/} ({@code visor top}) when it
 * merges: one forward-only pass over the dataset in {@link Batches}, the unit's score per image, and a
 * bounded min-heap keeping the {@code n} best (ties: the lower index). One unit, no merge, no checkpoint.
 */
public final class ForwardTopImages implements TopImagesSource {
    /** Images per forward pass. */
    public static final int BATCH = 250;

    private record Scored(int index, float value) {}

    @Override
    public TopImages top(Model model, Dataset dataset, Objective unit, int n) {
        PriorityQueue<Scored> heap = new PriorityQueue<>((a, b) -> a.value() != b.value() ? Float.compare(a.value(), b.value())
                : Integer.compare(b.index(), a.index()));
        ForwardRequest request = ForwardRequest.of(List.copyOf(unit.layers()));
        for (Batches.Batch b : Batches.of(dataset, model.inputSpec(), BATCH, model.manager())) {
            try (b) {
                Activations acts = model.forward(b.input(), request);
                NDArray score = unit.score(new Evaluation(acts, b.images()));
                float[] v = score.toFloatArray();
                for (int k = 0; k < v.length; k++) {
                    heap.add(new Scored(b.indices()[k], v[k]));
                    if (heap.size() > n) {
                        heap.poll();
                    }
                }
            }
        }
        int m = heap.size();
        int[] idx = new int[m];
        float[] act = new float[m];
        for (int i = m - 1; i >= 0; i--) {
            Scored s = heap.poll();
            idx[i] = s.index();
            act[i] = s.value();
        }
        return new TopImages(idx, act);
    }
}
