package dev.visor.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The nodes that make up each layer. A layer names one tensor (a Keras layer aliases the output of its fused
 * activation, an ONNX layer is a node's first output); its nodes are those that compute that tensor from
 * other layers' tensors and the input: walking back from the layer's tensor, stopping at the input, at another
 * layer's tensor and at a node an earlier layer already took. So a Keras {@code Conv2D(activation='relu')}
 * owns both its Conv and its Relu node.
 */
final class LayerNodes {
    private LayerNodes() {}

    /** Each layer of {@code m} (in {@link Model#layerNames()} order) with its nodes in execution order. */
    static Map<String, List<Node>> of(Model m) {
        Map<String, Integer> producer = new HashMap<>();
        List<Node> order = m.nodes();
        for (int i = 0; i < order.size(); i++) {
            for (String out : order.get(i).outputs()) {
                producer.put(out, i);
            }
        }
        List<String> layers = m.layerNames();
        Set<String> layerTensors = new HashSet<>();
        for (String l : layers) {
            layerTensors.add(m.resolve(l));
        }
        String input = m.graph().inputName();
        boolean[] taken = new boolean[order.size()];
        Map<String, List<Node>> r = new LinkedHashMap<>();
        for (String layer : layers) {
            String tensor = m.resolve(layer);
            List<Integer> mine = new ArrayList<>();
            Deque<String> todo = new ArrayDeque<>();
            todo.push(tensor);
            while (!todo.isEmpty()) {
                String t = todo.pop();
                Integer i = producer.get(t);
                if (t.equals(input) || i == null || taken[i] || !t.equals(tensor) && layerTensors.contains(t)) {
                    continue;
                }
                taken[i] = true;
                mine.add(i);
                for (String in : order.get(i).inputs()) {
                    if (!in.isEmpty()) {
                        todo.push(in);
                    }
                }
            }
            mine.sort(null);
            r.put(layer, mine.stream().map(order::get).toList());
        }
        return r;
    }
}
