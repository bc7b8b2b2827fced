package dev.visor.sanity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.data.Dataset;
import dev.visor.engine.RunRandom;
import java.util.List;

/**
 * A labelled dataset with its labels permuted (Adebayo et al. 2018's data randomisation): the same images
 * and the same count of each label, but no relation between an image and its label.
 *
 * @param base   the dataset
 * @param labels item i's label is {@code labels[i]}
 * @param seed   the seed of the permutation (in the name)
 */
public record ShuffledLabels(Dataset base, int[] labels, long seed) implements Dataset {
    /** The labels of {@code base} permuted by {@code RunRandom(seed).permutation}. */
    public static ShuffledLabels of(Dataset base, long seed) {
        if (!base.labelled()) {
            throw new VisorException("data randomisation needs labelled data; " + base.name() + " has no labels");
        }
        int[] p = new RunRandom(seed).permutation(base.size());
        int[] labels = new int[base.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = base.label(p[i]);
        }
        return new ShuffledLabels(base, labels, seed);
    }

    @Override
    public String name() {
        return base.name() + " (labels shuffled, seed " + seed + ")";
    }

    @Override
    public int size() {
        return base.size();
    }

    @Override
    public List<String> classNames() {
        return base.classNames();
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public NDArray images(NDManager manager, int[] indices, int channels, int height, int width) {
        return base.images(manager, indices, channels, height, width);
    }
}
