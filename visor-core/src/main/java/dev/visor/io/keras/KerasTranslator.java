package dev.visor.io.keras;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.visor.VisorException;
import dev.visor.io.TensorLimits;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Translates a Keras model (from any container) into Visor's {@link Graph}: ONNX-semantics nodes on
 * NCHW activations, one image input, and every Keras layer name aliased to the tensor of its final
 * output (after its fused activation), so users pick layers by their Keras names.
 */
public final class KerasTranslator {
    private static final Map<String, LayerConverter> CONVERTERS = converters();

    private KerasTranslator() {}

    /**
     * The graph and the input spec the file describes.
     *
     * @param graph     the translated graph
     * @param inputSpec size and channels from the input shape, range [0, 1] (or [0, 255] when the
     *                  model starts with a Rescaling layer), layout NHWC in the file
     */
    public record Translation(Graph graph, InputSpec inputSpec) {}

    /** The Keras layer classes the translator supports, sorted. */
    public static List<String> supportedLayers() {
        List<String> r = new ArrayList<>(new TreeMap<>(CONVERTERS).keySet());
        r.add("InputLayer");
        r.sort(null);
        return r;
    }

    private static Map<String, LayerConverter> converters() {
        Map<String, LayerConverter> r = new HashMap<>();
        ConvLayers.register(r);
        SpatialLayers.register(r);
        ActivationLayers.register(r);
        CoreLayers.register(r);
        return r;
    }

    /** Translates; weights go into {@code manager}. */
    public static Translation translate(KerasFile file, NDManager manager) {
        String source = file.source();
        KerasTopology topo = KerasTopology.parse(file.modelConfig(), source);
        List<KerasTopology.Call> inputs = topo.calls().stream().filter(c -> c.className().equals("InputLayer")).toList();
        if (inputs.isEmpty()) {
            throw new VisorException(source + " has no inputs");
        }
        Graph.Builder g = new Graph.Builder().name(topo.name());
        Set<String> names = new HashSet<>();
        Map<String, KTensor> produced = new HashMap<>();
        // The first image input is the graph input (else the first input, e.g. a generator's code vector); further
        // inputs (a conditional generator's label) are extra inputs that Model.run sets by name.
        KerasTopology.Call inputCall = inputs.stream().filter(c -> isImage(c)).findFirst().orElse(inputs.get(0));
        InputSpec spec = isImage(inputCall) ? input(inputCall, g, names, produced, source, manager)
                : vectorInput(inputCall, g, names, produced, source, manager, true);
        for (KerasTopology.Call other : inputs) {
            if (other != inputCall) {
                vectorInput(other, g, names, produced, source, manager, false);
            }
        }
        KTensor image = produced.get(inputCall.layer() + "#0");
        for (KerasTopology.Call call : topo.calls()) {
            if (call.className().equals("InputLayer")) {
                continue;
            }
            LayerConverter conv = CONVERTERS.get(call.className());
            if (conv == null) {
                throw new VisorException("unknown Keras layer class '" + call.className() + "' (layer '" + call.layer() + "') in "
                        + source + "; supported: " + String.join(", ", supportedLayers()));
            }
            List<KTensor> ins = new ArrayList<>();
            for (KerasTopology.Ref r : call.inputs()) {
                KTensor t = produced.get(r.key());
                if (t == null || r.tensor() != 0) {
                    throw new VisorException(source + ": layer '" + call.layer() + "' reads output " + r.tensor() + " of call "
                            + r.node() + " of layer '" + r.layer() + "', which does not exist");
                }
                ins.add(t);
            }
            String prefix = call.node() == 0 ? call.layer() : call.layer() + "@" + call.node();
            LayerContext ctx = new LayerContext(call, prefix, ins, file.weights(), g, manager, names, source);
            KTensor out = conv.convert(ctx);
            produced.put(call.layer() + "#" + call.node(), out);
            g.alias(prefix, out.name());
            if (call.className().equals("Rescaling") && ins.get(0).equals(image)) {
                // Rescaling right after the input means the model takes raw 0..255 pixels.
                spec = new InputSpec(spec.channels(), spec.height(), spec.width(), 0f, 255f, null, null, false, "NHWC");
            }
        }
        for (KerasTopology.Ref r : topo.outputs()) {
            KTensor t = produced.get(r.key());
            if (t == null) {
                throw new VisorException(source + ": model output '" + r.layer() + "' is not a layer of the model");
            }
            g.output(t.name());
        }
        return new Translation(g.build(), spec);
    }

    private static boolean isImage(KerasTopology.Call call) {
        JsonNode shape = KerasTopology.batchShape(call.config());
        return shape != null && (shape.size() == 3 || shape.size() == 4);
    }

    /**
     * A (batch, d) input: the graph input (a code vector, {@link InputSpec#vector}) when {@code primary}, else an
     * extra input with a zero default of shape (1, d).
     */
    private static InputSpec vectorInput(KerasTopology.Call call, Graph.Builder g, Set<String> names, Map<String, KTensor> produced,
                                         String source, NDManager manager, boolean primary) {
        JsonNode shape = KerasTopology.batchShape(call.config());
        if (shape == null || shape.size() != 2) {
            throw new VisorException(source + ": input '" + call.layer() + "' has shape " + shape + "; Visor reads image inputs"
                    + " (height, width[, channels]) and vector inputs (d)" + (primary ? "" : " beside the first input"));
        }
        long d = dim(shape.get(1), call, source);
        if (d < 1) {
            throw new VisorException(source + ": vector input '" + call.layer() + "' needs a fixed length, got " + shape);
        }
        String name = call.layer();
        names.add(name);
        if (primary) {
            g.input(name, -1, d);
        } else {
            g.initializer(name, manager.zeros(new ai.djl.ndarray.types.Shape(1, d))).extraInput(name);
        }
        produced.put(call.layer() + "#0", new KTensor(name, 1));
        return primary ? InputSpec.vector((int) d) : null;
    }

    /** Sets the graph's image input from the InputLayer; rank-2 (height, width) inputs are grey images. */
    private static InputSpec input(KerasTopology.Call call, Graph.Builder g, Set<String> names, Map<String, KTensor> produced,
                                   String source, NDManager manager) {
        JsonNode shape = KerasTopology.batchShape(call.config());
        if (shape == null || shape.size() < 3 || shape.size() > 4) {
            throw new VisorException(source + ": input '" + call.layer() + "' has shape " + shape
                    + "; Visor reads image models with input (height, width, channels) or (height, width)");
        }
        long h = dim(shape.get(1), call, source);
        long w = dim(shape.get(2), call, source);
        long ch = shape.size() == 4 ? dim(shape.get(3), call, source) : 1;
        TensorLimits.input(new long[] {-1, ch, h, w}, source + ": input '" + call.layer() + "'");
        if (ch != 1 && ch != 3) {
            throw new VisorException(source + ": input '" + call.layer() + "' has " + ch + " channels; Visor reads images"
                    + " with 1 or 3 channels");
        }
        String name = call.layer();
        names.add(name);
        g.input(name, -1, ch, h, w);
        KTensor t = new KTensor(name, 3);
        if (shape.size() == 3) {
            // A (height, width) Keras input: feed a grey NCHW image and drop its channel axis.
            String n = name + "/Reshape";
            names.add(n);
            g.initializer(n + "/shape", manager.create(new long[] {0, h, w}));
            g.node(n, "Reshape", List.of(name, n + "/shape"), n, Attributes.empty());
            t = new KTensor(n, 2);
        }
        produced.put(call.layer() + "#0", t);
        int size = (int) (h > 0 ? h : w > 0 ? w : 224);
        return new InputSpec((int) ch, h > 0 ? (int) h : size, w > 0 ? (int) w : size, 0f, 1f, null, null, false, "NHWC");
    }

    /** An input dimension: null (any size) or an integer from 1 to {@link TensorLimits#MAX_INPUT_SIDE}. */
    private static long dim(JsonNode d, KerasTopology.Call call, String source) {
        if (d == null || d.isNull()) {
            return -1;
        }
        if (!d.isIntegralNumber() || d.asLong() < 1 || d.asLong() > TensorLimits.MAX_INPUT_SIDE) {
            throw new VisorException(source + ": input '" + call.layer() + "' has dimension " + d + "; valid: null (any size)"
                    + " or an integer from 1 to " + TensorLimits.MAX_INPUT_SIDE);
        }
        return d.asLong();
    }
}
