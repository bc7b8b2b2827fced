package dev.visor.io.keras;

/**
 * A Keras tensor as it lives in the translated graph.
 *
 * @param name the graph tensor name
 * @param rank the Keras rank without the batch axis; rank-3 (height, width, channels) tensors are
 *             held NCHW in the graph, all others in Keras' own axis order
 */
record KTensor(String name, int rank) {
    /** True for an image-like tensor held NCHW. */
    boolean spatial() {
        return rank == 3;
    }
}
