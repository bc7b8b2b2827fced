package dev.visor.model;

import java.util.List;
import java.util.Set;

/**
 * What a forward pass should return and how it runs.
 *
 * @param layers   layer or tensor names to return; empty means the model's outputs
 * @param leaves   layers whose activation is cut from the graph and made a gradient leaf, so that
 *                 {@code Activations.gradient(name)} is defined after a backward pass (Grad-CAM)
 * @param rule     the backward rule of rectifiers
 * @param training true for training mode (batch statistics, dropout)
 * @param libtorchOnly true to run on libtorch even where the pass needs no gradient and ONNX Runtime could run
 *                 it ({@link #reference()}: the reference path, for tests and comparisons)
 */
public record ForwardRequest(List<String> layers, Set<String> leaves, BackwardRule rule, boolean training, boolean libtorchOnly) {
    /** Copies the collections. */
    public ForwardRequest {
        layers = List.copyOf(layers);
        leaves = Set.copyOf(leaves);
    }

    /** A request that may run on ONNX Runtime when it needs no gradient. */
    public ForwardRequest(List<String> layers, Set<String> leaves, BackwardRule rule, boolean training) {
        this(layers, leaves, rule, training, false);
    }

    /** Inference, plain gradients, these layers. */
    public static ForwardRequest of(String... layers) {
        return new ForwardRequest(List.of(layers), Set.of(), BackwardRule.PLAIN, false);
    }

    /** Inference, plain gradients, these layers. */
    public static ForwardRequest of(List<String> layers) {
        return new ForwardRequest(layers, Set.of(), BackwardRule.PLAIN, false);
    }

    /** The same request with another backward rule. */
    public ForwardRequest withRule(BackwardRule r) {
        return new ForwardRequest(layers, leaves, r, training, libtorchOnly);
    }

    /** The same request with gradient leaves at these layers. */
    public ForwardRequest withLeaves(Set<String> l) {
        return new ForwardRequest(layers, l, rule, training, libtorchOnly);
    }

    /** The same request in training mode. */
    public ForwardRequest inTraining() {
        return new ForwardRequest(layers, leaves, rule, true, libtorchOnly);
    }

    /** The same request on the reference path: libtorch, never ONNX Runtime. */
    public ForwardRequest reference() {
        return new ForwardRequest(layers, leaves, rule, training, true);
    }
}
