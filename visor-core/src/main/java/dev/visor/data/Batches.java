package dev.visor.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.model.InputSpec;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * Streams a {@link Dataset} as preprocessed batches: images in [0, 1] at the model's size, an
 * optional image transform (augmentation), then {@link InputSpec#toModel}. Each {@link Batch} owns a
 * fresh sub-manager of the parent; close it when done so memory stays flat over any dataset size.
 */
public final class Batches implements Iterable<Batches.Batch> {
    private final Dataset dataset;
    private final InputSpec spec;
    private final int batchSize;
    private final NDManager parent;
    private int[] order;
    private UnaryOperator<NDArray> transform = UnaryOperator.identity();

    private Batches(Dataset dataset, InputSpec spec, int batchSize, NDManager parent) {
        if (batchSize <= 0) {
            throw new dev.visor.VisorException("batch size must be positive, got " + batchSize);
        }
        this.dataset = dataset;
        this.spec = spec;
        this.batchSize = batchSize;
        this.parent = parent;
        this.order = IntStream.range(0, dataset.size()).toArray();
    }

    /**
     * Batches of {@code dataset} in index order, preprocessed for a model with {@code spec}.
     *
     * @param parent the manager each batch's sub-manager comes from
     */
    public static Batches of(Dataset dataset, InputSpec spec, int batchSize, NDManager parent) {
        return new Batches(dataset, spec, batchSize, parent);
    }

    /** Visits the items in this order (e.g. a seeded permutation) instead of index order. */
    public Batches order(int[] indices) {
        this.order = indices.clone();
        return this;
    }

    /** Applies {@code f} to each batch's [0, 1] images before {@link InputSpec#toModel} (augmentation). */
    public Batches transform(UnaryOperator<NDArray> f) {
        this.transform = f;
        return this;
    }

    /** Number of batches. */
    public int count() {
        return (order.length + batchSize - 1) / batchSize;
    }

    @Override
    public Iterator<Batch> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int end = Math.min(order.length, next + batchSize);
                int[] idx = java.util.Arrays.copyOfRange(order, next, end);
                next = end;
                NDManager m = parent.newSubManager();
                try {
                    NDArray images = dataset.images(m, idx, spec.channels(), spec.height(), spec.width());
                    NDArray input = spec.toModel(transform.apply(images));
                    int[] labels = new int[idx.length];
                    for (int k = 0; k < idx.length; k++) {
                        labels[k] = dataset.label(idx[k]);
                    }
                    return new Batch(images, input, labels, idx, m);
                } catch (RuntimeException e) {
                    m.close();
                    throw e;
                }
            }
        };
    }

    /**
     * One batch.
     *
     * @param images  the images in [0, 1] (before the transform)
     * @param input   the model input (after the transform and {@link InputSpec#toModel})
     * @param labels  labels by batch position (-1 when unknown)
     * @param indices dataset indices by batch position
     * @param manager owns the arrays; closed by {@link #close()}
     */
    public record Batch(NDArray images, NDArray input, int[] labels, int[] indices, NDManager manager)
            implements AutoCloseable {
        /** Number of items. */
        public int size() {
            return indices.length;
        }

        @Override
        public void close() {
            manager.close();
        }
    }
}
