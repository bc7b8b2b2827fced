package dev.visor.model;

/** Builds the {@link Op} of a node from its attributes; throws {@link dev.visor.VisorException} for unsupported ones. */
@FunctionalInterface
public interface OpFactory {
    /** @param node the node, with its attributes */
    Op create(Node node);
}
