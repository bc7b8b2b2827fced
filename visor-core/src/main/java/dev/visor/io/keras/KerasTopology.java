package dev.visor.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.visor.VisorException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Keras model config as a list of layer calls in execution order, for Sequential models and for
 * functional ones ({@code inbound_nodes} in the Keras 2 / TF.js list form or the Keras 3
 * {@code args}/{@code keras_history} form). A layer called more than once (shared) gives one call
 * per use.
 *
 * @param name    the model's name
 * @param calls   layer calls, each after the calls it reads
 * @param inputs  the model inputs
 * @param outputs the model outputs
 */
public record KerasTopology(String name, List<Call> calls, List<Ref> inputs, List<Ref> outputs) {
    /** A tensor produced by a layer: its call index ({@code node}) and output index. */
    public record Ref(String layer, int node, int tensor) {
        /** Key for the producer map. */
        String key() {
            return layer + "#" + node;
        }
    }

    /**
     * One application of a layer.
     *
     * @param className Keras class, e.g. {@code Conv2D}
     * @param layer     the layer's name
     * @param node      which call of the layer this is (0 for most)
     * @param config    the layer's config
     * @param inputs    what it reads
     */
    public record Call(String className, String layer, int node, JsonNode config, List<Ref> inputs) {}

    /** Parses a model config ({@code class_name} + {@code config}). */
    public static KerasTopology parse(JsonNode modelConfig, String source) {
        String cls = modelConfig.path("class_name").asText();
        JsonNode config = modelConfig.path("config");
        return switch (cls) {
            case "Sequential" -> sequential(config, source);
            case "Model", "Functional" -> functional(config, source);
            default -> throw new VisorException(source + ": the model is a '" + cls + "'; Visor reads Keras Sequential and"
                    + " functional (Model/Functional) models");
        };
    }

    private static KerasTopology sequential(JsonNode config, String source) {
        JsonNode layers = config.isArray() ? config : config.path("layers");
        String name = config.isObject() ? config.path("name").asText("sequential") : "sequential";
        if (!layers.isArray() || layers.isEmpty()) {
            throw new VisorException(source + ": the Sequential model has no layers");
        }
        List<Call> calls = new ArrayList<>();
        Ref prev;
        JsonNode first = layers.get(0);
        int start;
        if (first.path("class_name").asText().equals("InputLayer")) {
            prev = new Ref(layerName(first), 0, 0);
            calls.add(new Call("InputLayer", prev.layer(), 0, first.path("config"), List.of()));
            start = 1;
        } else {
            JsonNode shape = batchShape(first.path("config"));
            if (shape == null) {
                throw new VisorException(source + ": the first layer of the Sequential model has no batch_input_shape;"
                        + " Visor needs the input size");
            }
            ObjectNode in = JsonNodeFactory.instance.objectNode();
            in.set("batch_input_shape", shape);
            prev = new Ref(layerName(first) + "_input", 0, 0);
            calls.add(new Call("InputLayer", prev.layer(), 0, in, List.of()));
            start = 0;
        }
        Ref input = prev;
        for (int i = start; i < layers.size(); i++) {
            JsonNode l = layers.get(i);
            calls.add(new Call(l.path("class_name").asText(), layerName(l), 0, l.path("config"), List.of(prev)));
            prev = new Ref(layerName(l), 0, 0);
        }
        return new KerasTopology(name, calls, List.of(input), List.of(prev));
    }

    private static KerasTopology functional(JsonNode config, String source) {
        List<Call> pending = new ArrayList<>();
        for (JsonNode l : config.path("layers")) {
            String cls = l.path("class_name").asText();
            JsonNode nodes = l.path("inbound_nodes");
            if (cls.equals("InputLayer") || nodes.isEmpty()) {
                pending.add(new Call(cls, layerName(l), 0, l.path("config"), List.of()));
                continue;
            }
            for (int k = 0; k < nodes.size(); k++) {
                pending.add(new Call(cls, layerName(l), k, l.path("config"), refs(nodes.get(k), source)));
            }
        }
        // Order the calls so that each comes after the calls it reads (files are usually ordered already).
        List<Call> calls = new ArrayList<>();
        Set<String> done = new HashSet<>();
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                Call c = it.next();
                if (c.inputs().stream().allMatch(r -> done.contains(r.key()))) {
                    calls.add(c);
                    done.add(c.layer() + "#" + c.node());
                    it.remove();
                    progress = true;
                }
            }
        }
        if (!pending.isEmpty()) {
            Call c = pending.get(0);
            throw new VisorException(source + ": layer '" + c.layer() + "' reads " + c.inputs().stream()
                    .filter(r -> !done.contains(r.key())).map(Ref::layer).toList() + ", which no layer produces");
        }
        return new KerasTopology(config.path("name").asText("model"), calls, refList(config.path("input_layers")),
                refList(config.path("output_layers")));
    }

    /** The refs of one inbound node, in either Keras 2 list form or Keras 3 args form. */
    private static List<Ref> refs(JsonNode node, String source) {
        List<Ref> r = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode e : node) {
                r.add(ref(e));
            }
        } else if (node.has("args")) {
            collectHistory(node.get("args"), r);
        } else {
            throw new VisorException(source + ": cannot read inbound node " + node);
        }
        return r;
    }

    private static void collectHistory(JsonNode n, List<Ref> out) {
        if (n.isArray()) {
            n.forEach(e -> collectHistory(e, out));
        } else if (n.isObject()) {
            JsonNode h = n.path("config").path("keras_history");
            if (h.isArray()) {
                out.add(ref(h));
            }
        }
    }

    private static List<Ref> refList(JsonNode n) {
        List<Ref> r = new ArrayList<>();
        if (n.isArray() && !n.isEmpty() && n.get(0).isTextual()) {
            r.add(ref(n));
        } else {
            n.forEach(e -> r.add(ref(e)));
        }
        return r;
    }

    private static Ref ref(JsonNode e) {
        return new Ref(e.get(0).asText(), e.path(1).asInt(0), e.path(2).asInt(0));
    }

    private static String layerName(JsonNode l) {
        String n = l.path("name").asText("");
        return n.isEmpty() ? l.path("config").path("name").asText() : n;
    }

    /** The input shape with the batch dimension ({@code batch_input_shape} in Keras 2, {@code batch_shape} in 3). */
    static JsonNode batchShape(JsonNode config) {
        if (config.path("batch_input_shape").isArray()) {
            return config.get("batch_input_shape");
        }
        if (config.path("batch_shape").isArray()) {
            return config.get("batch_shape");
        }
        return null;
    }
}
