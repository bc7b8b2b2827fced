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
 */
public record ForwardRequest(List<String> layers, Set<String> leaves, BackwardRule rule, boolean training) {
    /** Copies the collections. */
    public ForwardRequest {
        layers = List.copyOf(layers);
        leaves = Set.copyOf(leaves);
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
        return new ForwardRequest(layers, leaves, r, training);
    }

    /** The same request with gradient leaves at these layers. */
    public ForwardRequest withLeaves(Set<String> l) {
        return new ForwardRequest(layers, l, rule, training);
    }

    /** The same request in training mode. */
    public ForwardRequest inTraining() {
        return new ForwardRequest(layers, leaves, rule, true);
    }
}
