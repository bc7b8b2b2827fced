package dev.visor.model;

import java.util.List;

/**
 * One operation of a model graph, with ONNX semantics: an op type, named input and output tensors
 * (an empty string marks an omitted optional input) and attributes.
 *
 * @param name    unique node name (a layer name users can pick)
 * @param opType  ONNX op type, e.g. {@code Conv}
 * @param inputs  input tensor names (initializers included)
 * @param outputs output tensor names
 * @param attributes the op's attributes
 */
public record Node(String name, String opType, List<String> inputs, List<String> outputs, Attributes attributes) {
    /** Copies the lists so a node never changes after construction. */
    public Node {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** Short form for importers and tests. */
    public static Node of(String name, String opType, List<String> inputs, String output, Attributes attributes) {
        return new Node(name, opType, inputs, List.of(output), attributes);
    }
}
