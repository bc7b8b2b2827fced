package dev.visor.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** The rows of {@code visor layers} and the report's model table: one dry forward pass at the input size. */
public final class LayerTable {
    /**
     * One layer.
     *
     * @param name       layer name users can pick
     * @param op         the op types of the layer's nodes in execution order, repeats dropped, joined by "+"
     *                   (a Keras {@code Conv2D(activation='relu')} is "Conv+Relu"; "Input" for the input)
     * @param shape      activation shape for one image
     * @param parameters parameters (weights) read by all of the layer's nodes
     */
    public record Row(String name, String op, Shape shape, long parameters) {}

    private LayerTable() {}

    /** Every layer of the model, in execution order. */
    public static List<Row> of(Model m) {
        List<Row> rows = new ArrayList<>();
        Map<String, List<Node>> parts = LayerNodes.of(m);
        try (NDManager step = m.manager().newSubManager()) {
            Activations a = m.forward(step.zeros(m.inputSpec().batchShape(1)), ForwardRequest.of(m.layerNames()));
            for (String name : m.layerNames()) {
                List<Node> nodes = parts.get(name);
                rows.add(new Row(name, op(m, name, nodes), a.get(name).getShape(), Parameters.count(m.graph(), nodes)));
            }
        }
        return rows;
    }

    /** The distinct op types of the nodes; a layer without nodes of its own shows its tensor's producer. */
    private static String op(Model m, String name, List<Node> nodes) {
        if (nodes.isEmpty()) {
            Node n = m.producerOf(name);
            return n == null ? "Input" : n.opType();
        }
        return String.join("+", new LinkedHashSet<>(nodes.stream().map(Node::opType).toList()));
    }
}
