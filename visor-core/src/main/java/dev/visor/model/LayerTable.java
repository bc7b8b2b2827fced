package dev.visor.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/** The rows of {@code visor layers} and the report's model table: one dry forward pass at the input size. */
public final class LayerTable {
    /**
     * One layer.
     *
     * @param name       layer name users can pick
     * @param op         op type of the node producing it ("Input" for the input)
     * @param shape      activation shape for one image
     * @param parameters weights the node reads
     */
    public record Row(String name, String op, Shape shape, long parameters) {}

    private LayerTable() {}

    /** Every layer of the model, in execution order. */
    public static List<Row> of(Model m) {
        List<Row> rows = new ArrayList<>();
        try (NDManager step = m.manager().newSubManager()) {
            Activations a = m.forward(step.zeros(m.inputSpec().batchShape(1)), ForwardRequest.of(m.layerNames()));
            for (String name : m.layerNames()) {
                Node n = m.producerOf(name);
                rows.add(new Row(name, n == null ? "Input" : n.opType(), a.get(name).getShape(), n == null ? 0 : m.parameterCount(n)));
            }
        }
        return rows;
    }
}
