package dev.visor.facets;

/**
 * A unit's top-N images of a dataset, highest activation first: step 1 of multifaceted FV.
 *
 * @param indices     dataset indices, by falling activation
 * @param activations the unit's activation on each, same order
 */
public record TopImages(int[] indices, float[] activations) {
    /** Checks the two arrays agree. */
    public TopImages {
        if (indices.length != activations.length) {
            throw new IllegalArgumentException(indices.length + " indices but " + activations.length + " activations");
        }
    }

    /** Number of images. */
    public int size() {
        return indices.length;
    }

    /** The mean activation of the images: must-show 1's bar for a facet render. */
    public double meanActivation() {
        double s = 0;
        for (float a : activations) {
            s += a;
        }
        return s / activations.length;
    }
}
