package dev.visor.io.keras;

/** Turns one Keras layer call into graph nodes and returns the tensor of its output. */
@FunctionalInterface
interface LayerConverter {
    /** Emits the layer's nodes through the context. */
    KTensor convert(LayerContext c);
}
