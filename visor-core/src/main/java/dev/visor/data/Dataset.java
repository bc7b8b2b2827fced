package dev.visor.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * A finite, indexable source of images with optional class labels: IDX files, image folders, CSV
 * lists. Images come out as NCHW floats in [0, 1] at the size and channel count asked for, which is
 * the image side of {@link dev.visor.model.InputSpec}; {@link Batches} streams preprocessed batches.
 */
public interface Dataset {
    /** Short description for messages and sidecars, e.g. {@code fashion-mnist:test}. */
    String name();

    /** Number of items. */
    int size();

    /** Class names by label index; empty when the dataset has no labels. */
    List<String> classNames();

    /** The label of item {@code i} (an index into {@link #classNames()}), or -1 when unknown. */
    int label(int i);

    /** True if every item has a label. */
    default boolean labelled() {
        return !classNames().isEmpty();
    }

    /**
     * Items as one (N, C, H, W) batch in [0, 1], converted to {@code channels} (1 or 3) and resized to
     * {@code height}×{@code width} when they differ from the stored images.
     *
     * @param manager where the batch array is created
     * @param indices the items, in batch order
     */
    NDArray images(NDManager manager, int[] indices, int channels, int height, int width);

    /** Index of the first item of each class, in class order (the first items when unlabelled, one per class name). */
    default int[] firstOfEachClass() {
        int classes = Math.max(1, classNames().size());
        int[] picks = new int[classes];
        java.util.Arrays.fill(picks, -1);
        int found = 0;
        for (int i = 0; i < size() && found < classes; i++) {
            int l = labelled() ? label(i) : found;
            if (l >= 0 && l < classes && picks[l] < 0) {
                picks[l] = i;
                found++;
            }
        }
        return java.util.Arrays.stream(picks).filter(i -> i >= 0).toArray();
    }

    /** The first {@code n} items (or all when {@code n} is at least the size). */
    default Dataset head(int n) {
        return n >= size() ? this : new Subset(this, java.util.stream.IntStream.range(0, n).toArray());
    }

    /** The items at these indices, in this order. */
    default Dataset subset(int[] indices) {
        return new Subset(this, indices.clone());
    }

    /** A view on some items of another dataset. */
    record Subset(Dataset base, int[] indices) implements Dataset {
        @Override
        public String name() {
            return base.name() + "[" + indices.length + " items]";
        }

        @Override
        public int size() {
            return indices.length;
        }

        @Override
        public List<String> classNames() {
            return base.classNames();
        }

        @Override
        public int label(int i) {
            return base.label(indices[i]);
        }

        @Override
        public boolean labelled() {
            return base.labelled();
        }

        @Override
        public NDArray images(NDManager manager, int[] idx, int channels, int height, int width) {
            int[] mapped = new int[idx.length];
            for (int k = 0; k < idx.length; k++) {
                mapped[k] = indices[idx[k]];
            }
            return base.images(manager, mapped, channels, height, width);
        }
    }
}
