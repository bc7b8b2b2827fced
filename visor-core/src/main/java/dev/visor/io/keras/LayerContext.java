package dev.visor.io.keras;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import dev.visor.VisorException;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What a {@link LayerConverter} sees of one layer call: its config, inputs and weights, and
 * methods to emit nodes and constants named after the layer ({@code layer/Op}).
 */
final class LayerContext {
    private final KerasTopology.Call call;
    private final String prefix;
    private final List<KTensor> inputs;
    private final KerasWeights weights;
    private final Graph.Builder graph;
    private final NDManager manager;
    private final Set<String> names;
    private final String source;

    LayerContext(KerasTopology.Call call, String prefix, List<KTensor> inputs, KerasWeights weights, Graph.Builder graph,
                 NDManager manager, Set<String> names, String source) {
        this.call = call;
        this.prefix = prefix;
        this.inputs = inputs;
        this.weights = weights;
        this.graph = graph;
        this.manager = manager;
        this.names = names;
        this.source = source;
    }

    /** The layer's name. */
    String layer() {
        return call.layer();
    }

    /** The layer's config. */
    JsonNode config() {
        return call.config();
    }

    /** All inputs. */
    List<KTensor> inputs() {
        return inputs;
    }

    /** The one input. */
    KTensor input() {
        if (inputs.size() != 1) {
            throw error("expects one input but has " + inputs.size());
        }
        return inputs.get(0);
    }

    /** The one input, which must be an image-like (height, width, channels) tensor. */
    KTensor spatialInput() {
        KTensor x = input();
        if (!x.spatial()) {
            throw error("needs a (height, width, channels) input but gets rank " + x.rank());
        }
        return x;
    }

    /** A string setting. */
    String str(String key, String dflt) {
        JsonNode v = config().get(key);
        return v == null || v.isNull() ? dflt : v.asText();
    }

    /** A number setting. */
    double num(String key, double dflt) {
        JsonNode v = config().get(key);
        return v == null || v.isNull() ? dflt : v.asDouble();
    }

    /** True if the setting is present and not null. */
    boolean has(String key) {
        JsonNode v = config().get(key);
        return v != null && !v.isNull();
    }

    /** A boolean setting. */
    boolean bool(String key, boolean dflt) {
        JsonNode v = config().get(key);
        return v == null || v.isNull() ? dflt : v.asBoolean();
    }

    /** A pair setting given as one int or as a list of two, e.g. kernel_size; null if absent. */
    int[] pair(String key, int[] dflt) {
        JsonNode v = config().get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (v.isNumber()) {
            int x = pairValue(key, v, v);
            return new int[] {x, x};
        }
        if (v.size() != 2) {
            throw error("setting " + key + " = " + v + " (2-D layers need two values)");
        }
        return new int[] {pairValue(key, v, v.get(0)), pairValue(key, v, v.get(1))};
    }

    /** One value of a pair setting: an integer from 1 (0 for output_padding) to 65536. */
    private int pairValue(String key, JsonNode all, JsonNode v) {
        int lo = key.equals("output_padding") ? 0 : 1;
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < lo || v.asInt() > 1 << 16) {
            throw error("setting " + key + " = " + all + "; valid: integers from " + lo + " to " + (1 << 16));
        }
        return v.asInt();
    }

    /**
     * A 2-D padding or cropping setting ({@code n}, {@code [h, w]} or {@code [[top, bottom], [left, right]]})
     * as {top, left, bottom, right}.
     */
    long[] margins(String key) {
        JsonNode v = config().path(key);
        if (v.isNumber()) {
            long n = v.asLong();
            return new long[] {n, n, n, n};
        }
        if (v.size() == 2 && v.get(0).isNumber()) {
            return new long[] {v.get(0).asLong(), v.get(1).asLong(), v.get(0).asLong(), v.get(1).asLong()};
        }
        if (v.size() == 2 && v.get(0).size() == 2 && v.get(1).size() == 2) {
            return new long[] {v.get(0).get(0).asLong(), v.get(1).get(0).asLong(), v.get(0).get(1).asLong(),
                v.get(1).get(1).asLong()};
        }
        throw error("setting " + key + " = " + v);
    }

    /** Rejects channels_first layers (Visor translates channels_last Keras models). */
    void requireChannelsLast() {
        String f = str("data_format", "channels_last");
        if (!f.equals("channels_last")) {
            throw error("data_format " + f + " (only channels_last is supported)");
        }
    }

    /** A weight of this layer, which must exist. */
    WeightTensor weight(String name) {
        WeightTensor w = weights.find(layer(), name);
        if (w == null) {
            throw new VisorException("layer '" + layer() + "' (" + call.className() + ") has no weight '" + name + "' in "
                    + source + " (found: " + weights.namesOf(layer()) + ")");
        }
        return w;
    }

    /** A weight of this layer, or null. */
    WeightTensor optionalWeight(String name) {
        return weights.find(layer(), name);
    }

    /** Adds a weight as an initializer named {@code layer/suffix}; returns its name. */
    String constant(String suffix, WeightTensor w) {
        String n = unique(prefix + "/" + suffix);
        graph.initializer(n, w.toNDArray(manager));
        return n;
    }

    /** Adds float values as an initializer of the given shape. */
    String constant(String suffix, float[] values, long... shape) {
        String n = unique(prefix + "/" + suffix);
        graph.initializer(n, manager.create(values, new Shape(shape)));
        return n;
    }

    /** Adds integer values (ONNX int64 inputs: shapes, pads, axes) as a 1-D initializer. */
    String longs(String suffix, long... values) {
        String n = unique(prefix + "/" + suffix);
        graph.initializer(n, manager.create(values));
        return n;
    }

    /** Emits a node named {@code layer/opType} whose one output has the same name; returns it. */
    String node(String opType, Attributes attrs, String... ins) {
        String n = unique(prefix + "/" + opType);
        graph.node(n, opType, Arrays.asList(ins), n, attrs);
        return n;
    }

    /** Emits a node and wraps its output with a rank. */
    KTensor node(int rank, String opType, Attributes attrs, String... ins) {
        return new KTensor(node(opType, attrs, ins), rank);
    }

    /** An ONNX axis for a Keras axis (counting the batch, may be negative) of a tensor of this rank. */
    int axis(int kerasAxis, KTensor x) {
        int full = x.rank() + 1;
        int a = kerasAxis < 0 ? kerasAxis + full : kerasAxis;
        if (a <= 0 || a >= full) {
            throw error("axis " + kerasAxis + " for a rank-" + x.rank() + " input");
        }
        if (x.spatial()) {
            return a == 3 ? 1 : a + 1;
        }
        return a;
    }

    /** An error about this layer: "layer 'x' (Class) in file: what". */
    VisorException error(String what) {
        return new VisorException("layer '" + layer() + "' (" + call.className() + ") in " + source + ": " + what);
    }

    /** An error for a setting the translator does not support. */
    VisorException unsupported(String what) {
        return error("unsupported " + what);
    }

    private String unique(String n) {
        String r = n;
        for (int i = 1; !names.add(r); i++) {
            r = n + "_" + i;
        }
        return r;
    }
}
