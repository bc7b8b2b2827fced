package dev.visor.model;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's topology and weights with ONNX semantics, as importers produce it and exporters write
 * it. Activations are NCHW. The first input is the image input (or a vector, for generators); further inputs
 * are listed in {@code extraInputs}.
 *
 * @param name         model name
 * @param inputName    name of the image input tensor
 * @param inputShape   its shape, -1 for a free dimension (batch)
 * @param nodes        the nodes (any order; {@link Model} sorts them)
 * @param initializers weights and constants by tensor name
 * @param outputs      output tensor names
 * @param layerAliases user-facing layer names (e.g. Keras layer names) to tensor names, in order
 * @param extraInputs  further graph inputs after the first (e.g. a conditional generator's label), each held as
 *                     an initializer with a zero default that {@link Model#run} can replace by name
 */
public record Graph(String name, String inputName, long[] inputShape, List<Node> nodes,
                   Map<String, NDArray> initializers, List<String> outputs, Map<String, String> layerAliases,
                   List<String> extraInputs) {
    /** Copies the collections. */
    public Graph {
        nodes = List.copyOf(nodes);
        initializers = new LinkedHashMap<>(initializers);
        outputs = List.copyOf(outputs);
        layerAliases = new LinkedHashMap<>(layerAliases);
        extraInputs = extraInputs == null ? List.of() : List.copyOf(extraInputs);
    }

    /** A graph with one input. */
    public Graph(String name, String inputName, long[] inputShape, List<Node> nodes, Map<String, NDArray> initializers,
                 List<String> outputs, Map<String, String> layerAliases) {
        this(name, inputName, inputShape, nodes, initializers, outputs, layerAliases, List.of());
    }

    /** Every input name: the first (image) input, then the extra inputs. */
    public List<String> inputNames() {
        List<String> all = new ArrayList<>();
        if (!inputName.isEmpty()) {
            all.add(inputName);
        }
        all.addAll(extraInputs);
        return all;
    }

    /** A mutable builder, for importers. */
    public static final class Builder {
        private String name = "model";
        private String inputName = "input";
        private long[] inputShape = {-1, 3, 224, 224};
        private final List<Node> nodes = new ArrayList<>();
        private final Map<String, NDArray> initializers = new LinkedHashMap<>();
        private final List<String> outputs = new ArrayList<>();
        private final Map<String, String> aliases = new LinkedHashMap<>();
        private final List<String> extraInputs = new ArrayList<>();

        /** Sets the model name. */
        public Builder name(String n) {
            this.name = n;
            return this;
        }

        /** Sets the image input. */
        public Builder input(String n, long... shape) {
            this.inputName = n;
            this.inputShape = shape.clone();
            return this;
        }

        /** Records a further input (its default value is an initializer of the same name). */
        public Builder extraInput(String n) {
            extraInputs.add(n);
            return this;
        }

        /** Adds a node. */
        public Builder node(Node n) {
            nodes.add(n);
            return this;
        }

        /** Adds a node (short form with one output). */
        public Builder node(String name, String opType, List<String> inputs, String output, Attributes attrs) {
            return node(Node.of(name, opType, inputs, output, attrs));
        }

        /** Adds a weight or constant. */
        public Builder initializer(String n, NDArray value) {
            initializers.put(n, value);
            return this;
        }

        /** Marks a graph output. */
        public Builder output(String n) {
            outputs.add(n);
            return this;
        }

        /** Maps a user-facing layer name to a tensor. */
        public Builder alias(String layer, String tensor) {
            aliases.put(layer, tensor);
            return this;
        }

        /** Nodes added so far. */
        public List<Node> nodes() {
            return nodes;
        }

        /** The graph. */
        public Graph build() {
            return new Graph(name, inputName, inputShape, nodes, initializers, outputs, aliases, extraInputs);
        }
    }
}
