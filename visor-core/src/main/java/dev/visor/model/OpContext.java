package dev.visor.model;

import ai.djl.ndarray.NDManager;

/**
 * What an op may need from the forward pass it runs in.
 *
 * @param manager  the manager that owns this pass's arrays
 * @param training true while training (batch norm uses batch statistics, dropout drops)
 * @param node     the node being run (for error messages)
 */
public record OpContext(NDManager manager, boolean training, Node node) {}
