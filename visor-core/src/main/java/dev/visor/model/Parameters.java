package dev.visor.model;

import ai.djl.ndarray.NDArray;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Counts the parameters (weights) that nodes read. A parameter is an element of a floating-point initializer
 * that a node takes as data; each initializer counts once however many of the nodes read it. Not parameters:
 * integer tensors (shapes, pads, axes, indices); the inputs ONNX defines as settings (Clip's min and max,
 * Resize's roi and scales, Upsample's scales, Pad's pads and value); and a one-element constant of
 * elementwise arithmetic (Add, Sub, Mul, Div), which is how an importer writes a fixed scale or offset
 * (Keras Rescaling, Average, gelu).
 */
final class Parameters {
    private static final Map<String, Set<Integer>> SETTING_INPUTS = Map.of(
            "Clip", Set.of(1, 2),
            "Resize", Set.of(1, 2, 3),
            "Upsample", Set.of(1),
            "Pad", Set.of(1, 2, 3));
    private static final Set<String> ARITHMETIC = Set.of("Add", "Sub", "Mul", "Div");

    private Parameters() {}

    /** The number of parameters the nodes read from {@code g}'s initializers. */
    static long count(Graph g, Collection<Node> nodes) {
        Set<String> seen = new HashSet<>();
        long n = 0;
        for (Node node : nodes) {
            Set<Integer> settings = SETTING_INPUTS.getOrDefault(node.opType(), Set.of());
            for (int i = 0; i < node.inputs().size(); i++) {
                String in = node.inputs().get(i);
                NDArray w = g.initializers().get(in);
                if (w == null || settings.contains(i) || !w.getDataType().isFloating()
                        || w.size() == 1 && ARITHMETIC.contains(node.opType()) || !seen.add(in)) {
                    continue;
                }
                n += w.size();
            }
        }
        return n;
    }
}
