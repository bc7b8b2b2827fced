package dev.visor.io.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.model.Attributes;
import dev.visor.model.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Rewrites nodes of older opsets into the opset-13 form that Visor's graph uses (and its exporter
 * writes): Softmax/LogSoftmax before 13 coerce the input to 2-D at {@code axis} (so they become
 * Flatten + Softmax(axis=1) + Reshape to the input's shape); attributes that later opsets moved to
 * inputs (Squeeze/Unsqueeze/Split/ReduceSum axes, Clip bounds, Pad pads, Slice ranges, Reshape shape,
 * Upsample scales) become initializers; Upsample and Resize-10 become Resize with asymmetric
 * coordinates and floor rounding; legacy attributes (BatchNormalization spatial/is_test/consumed_inputs,
 * Dropout is_test/ratio) are dropped.
 */
final class OpsetUpgrade {
    private final long opset;
    private final NDManager manager;
    private final BiConsumer<String, NDArray> initializers;

    /**
     * @param opset        the model's default-domain opset
     * @param manager      where new constants go (the model's manager)
     * @param initializers receives new constants by name
     */
    OpsetUpgrade(long opset, NDManager manager, BiConsumer<String, NDArray> initializers) {
        this.opset = opset;
        this.manager = manager;
        this.initializers = initializers;
    }

    /** The opset-13 equivalent of a node (one or more nodes). */
    List<Node> upgrade(Node n) {
        String type = n.opType();
        switch (type) {
            case "Softmax", "LogSoftmax" -> {
                if (opset < 13 && n.attributes().getLong("axis", 1) != -1) {
                    return coerced2d(n);
                }
            }
            case "Squeeze", "Unsqueeze", "ReduceSum" -> {
                if (n.attributes().has("axes")) {
                    return List.of(attrToInput(n, "axes", 1, manager.create(n.attributes().getLongs("axes", null))));
                }
            }
            case "Split" -> {
                if (n.attributes().has("split")) {
                    return List.of(attrToInput(n, "split", 1, manager.create(n.attributes().getLongs("split", null))));
                }
            }
            case "Reshape" -> {
                if (n.attributes().has("shape")) {
                    return List.of(attrToInput(n, "shape", 1, manager.create(n.attributes().getLongs("shape", null))));
                }
            }
            case "Clip" -> {
                if (n.attributes().has("min") || n.attributes().has("max")) {
                    Node c = n;
                    c = attrToInput(c, "min", 1, n.attributes().has("min") ? manager.create(n.attributes().getFloat("min", 0f)) : null);
                    c = attrToInput(c, "max", 2, n.attributes().has("max") ? manager.create(n.attributes().getFloat("max", 0f)) : null);
                    return List.of(c);
                }
            }
            case "Pad" -> {
                if (n.attributes().has("pads")) {
                    Node c = attrToInput(n, "pads", 1, manager.create(n.attributes().getLongs("pads", null)));
                    c = attrToInput(c, "value", 2, manager.create(n.attributes().getFloat("value", 0f)));
                    return List.of(c);
                }
            }
            case "Slice" -> {
                if (n.attributes().has("starts")) {
                    Attributes a = n.attributes();
                    Node c = attrToInput(n, "starts", 1, manager.create(a.getLongs("starts", null)));
                    c = attrToInput(c, "ends", 2, manager.create(a.getLongs("ends", null)));
                    c = attrToInput(c, "axes", 3, a.has("axes") ? manager.create(a.getLongs("axes", null)) : null);
                    return List.of(c);
                }
            }
            case "Upsample" -> {
                return List.of(legacyResize(n));
            }
            case "Resize" -> {
                if (opset < 11) {
                    return List.of(legacyResize(n));
                }
            }
            case "BatchNormalization" -> {
                return List.of(without(n, "spatial", "is_test", "consumed_inputs"));
            }
            case "Dropout" -> {
                return List.of(without(n, "is_test", "ratio"));
            }
            default -> { }
        }
        return List.of(n);
    }

    /** Opset < 13: y = Reshape(Softmax(Flatten(x, axis), axis=1), Shape(x)). */
    private List<Node> coerced2d(Node n) {
        String x = n.inputs().get(0);
        String y = n.outputs().get(0);
        String base = n.name();
        long axis = n.attributes().getLong("axis", 1);
        return List.of(
                Node.of(base + "/shape", "Shape", List.of(x), base + "/shape", Attributes.empty()),
                Node.of(base + "/flatten", "Flatten", List.of(x), base + "/flat", Attributes.builder().put("axis", axis).build()),
                Node.of(base + "/2d", n.opType(), List.of(base + "/flat"), base + "/2d", Attributes.builder().put("axis", 1L).build()),
                Node.of(base, "Reshape", List.of(base + "/2d", base + "/shape"), y, Attributes.empty()));
    }

    /** Upsample (7, 9) and Resize-10: asymmetric coordinates, nearest rounds down. */
    private Node legacyResize(Node n) {
        Attributes a = n.attributes();
        String mode = a.getString("mode", "nearest");
        Attributes.Builder b = Attributes.builder().put("mode", mode.equals("nearest") ? "nearest" : "linear")
                .put("coordinate_transformation_mode", "asymmetric").put("nearest_mode", "floor");
        List<String> inputs = new ArrayList<>(List.of(n.inputs().get(0), ""));
        if (a.has("scales")) {
            String name = n.name() + "/scales";
            initializers.accept(name, manager.create(a.getFloats("scales", null)));
            inputs.add(name);
        } else {
            inputs.add(n.inputs().get(1));
        }
        return new Node(n.name(), "Resize", inputs, n.outputs(), b.build());
    }

    /** Moves an attribute into input slot {@code slot} as a new initializer (null value: leave the slot empty). */
    private Node attrToInput(Node n, String attr, int slot, NDArray value) {
        List<String> inputs = new ArrayList<>(n.inputs());
        while (inputs.size() <= slot) {
            inputs.add("");
        }
        if (value != null) {
            String name = n.name() + "/" + attr;
            initializers.accept(name, value);
            inputs.set(slot, name);
        }
        while (!inputs.isEmpty() && inputs.get(inputs.size() - 1).isEmpty()) {
            inputs.remove(inputs.size() - 1);
        }
        return new Node(n.name(), n.opType(), inputs, n.outputs(), without(n, attr).attributes());
    }

    private static Node without(Node n, String... attrs) {
        Map<String, Object> m = new LinkedHashMap<>(n.attributes().asMap());
        for (String a : attrs) {
            m.remove(a);
        }
        return new Node(n.name(), n.opType(), n.inputs(), n.outputs(), Attributes.of(m));
    }
}
