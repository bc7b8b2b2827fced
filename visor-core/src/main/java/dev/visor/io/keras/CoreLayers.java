package dev.visor.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import dev.visor.model.Attributes;
import java.util.Arrays;
import java.util.Map;

/**
 * Layers without a window: BatchNormalization, Flatten and Reshape (in Keras' NHWC element order),
 * Dropout and other inference-time identities, Rescaling, and the merge layers (Add, Subtract,
 * Multiply, Average, Maximum, Minimum, Concatenate).
 */
final class CoreLayers {
    private CoreLayers() {}

    static void register(Map<String, LayerConverter> r) {
        r.put("BatchNormalization", CoreLayers::batchNorm);
        r.put("Flatten", CoreLayers::flatten);
        r.put("Reshape", CoreLayers::reshape);
        for (String n : new String[] {"Dropout", "SpatialDropout2D", "AlphaDropout", "GaussianDropout"}) {
            r.put(n, c -> c.node(c.input().rank(), "Dropout",
                    Attributes.builder().put("ratio", (float) c.num("rate", c.num("p", 0.5))).build(), c.input().name()));
        }
        for (String n : new String[] {"GaussianNoise", "ActivityRegularization"}) {
            r.put(n, c -> c.node(c.input().rank(), "Identity", Attributes.empty(), c.input().name()));
        }
        r.put("Rescaling", CoreLayers::rescale);
        r.put("Add", c -> variadic(c, "Add", "Sum"));
        r.put("Multiply", c -> variadic(c, "Mul", null));
        r.put("Maximum", c -> variadic(c, "Max", "Max"));
        r.put("Minimum", c -> variadic(c, "Min", "Min"));
        r.put("Subtract", c -> {
            if (c.inputs().size() != 2) {
                throw c.error("Subtract needs two inputs, has " + c.inputs().size());
            }
            return c.node(c.inputs().get(0).rank(), "Sub", Attributes.empty(), c.inputs().get(0).name(), c.inputs().get(1).name());
        });
        r.put("Average", c -> {
            KTensor sum = variadic(c, "Add", "Sum");
            return c.node(sum.rank(), "Mul", Attributes.empty(), sum.name(),
                    c.constant("inv_count", new float[] {1f / c.inputs().size()}));
        });
        r.put("Concatenate", c -> {
            KTensor first = c.inputs().get(0);
            int axis = c.axis(c.config().path("axis").asInt(-1), first);
            return c.node(first.rank(), "Concat", Attributes.builder().put("axis", (long) axis).build(),
                    c.inputs().stream().map(KTensor::name).toArray(String[]::new));
        });
    }

    private static KTensor batchNorm(LayerContext c) {
        KTensor x = c.input();
        JsonNode axisNode = c.config().path("axis");
        int axis = axisNode.isArray() && axisNode.size() == 1 ? axisNode.get(0).asInt() : axisNode.asInt(-1);
        if (axisNode.isArray() && axisNode.size() != 1 || c.axis(axis, x) != 1) {
            throw c.unsupported("axis " + axisNode + " (only the channel axis is supported)");
        }
        WeightTensor mean = c.weight("moving_mean");
        WeightTensor var = c.weight("moving_variance");
        int n = mean.shape()[0];
        WeightTensor gamma = c.bool("scale", true) ? c.weight("gamma") : filled("gamma", n, 1f);
        WeightTensor beta = c.bool("center", true) ? c.weight("beta") : filled("beta", n, 0f);
        Attributes a = Attributes.builder().put("epsilon", (float) c.num("epsilon", 1e-3))
                .put("momentum", (float) c.num("momentum", 0.99)).build();
        return c.node(x.rank(), "BatchNormalization", a, x.name(), c.constant("gamma", gamma), c.constant("beta", beta),
                c.constant("moving_mean", mean), c.constant("moving_variance", var));
    }

    private static WeightTensor filled(String name, int n, float v) {
        float[] d = new float[n];
        Arrays.fill(d, v);
        return new WeightTensor(name, new int[] {n}, d);
    }

    /** Keras flattens NHWC: move channels last first, so Dense weights meet the values in their order. */
    private static KTensor flatten(LayerContext c) {
        KTensor x = c.input();
        String in = x.spatial() ? c.node("Transpose", ConvLayers.perm(0, 2, 3, 1), x.name()) : x.name();
        return c.node(1, "Flatten", Attributes.builder().put("axis", 1L).build(), in);
    }

    private static KTensor reshape(LayerContext c) {
        KTensor x = c.input();
        JsonNode t = c.config().path("target_shape");
        long[] shape = new long[t.size() + 1];
        for (int i = 0; i < t.size(); i++) {
            shape[i + 1] = t.get(i).asLong();
        }
        // 0 keeps the batch size (ONNX Reshape).
        String in = x.spatial() ? c.node("Transpose", ConvLayers.perm(0, 2, 3, 1), x.name()) : x.name();
        String out = c.node("Reshape", Attributes.empty(), in, c.longs("shape", shape));
        if (t.size() == 3) {
            return c.node(3, "Transpose", ConvLayers.perm(0, 3, 1, 2), out);
        }
        return new KTensor(out, t.size());
    }

    private static KTensor rescale(LayerContext c) {
        KTensor x = c.input();
        if (c.config().path("scale").isArray() || c.config().path("offset").isArray()) {
            throw c.unsupported("per-channel scale or offset");
        }
        float scale = (float) c.num("scale", 1);
        float offset = (float) c.num("offset", 0);
        KTensor y = c.node(x.rank(), "Mul", Attributes.empty(), x.name(), c.constant("scale", new float[] {scale}));
        if (offset != 0f) {
            y = c.node(x.rank(), "Add", Attributes.empty(), y.name(), c.constant("offset", new float[] {offset}));
        }
        return y;
    }

    /** A binary ONNX op chained over the inputs, or its variadic form when there are more than two. */
    private static KTensor variadic(LayerContext c, String binary, String many) {
        if (c.inputs().size() < 2) {
            throw c.error("needs at least two inputs, has " + c.inputs().size());
        }
        int rank = c.inputs().stream().mapToInt(KTensor::rank).max().orElseThrow();
        String[] names = c.inputs().stream().map(KTensor::name).toArray(String[]::new);
        if (names.length == 2 || many == null) {
            String acc = names[0];
            for (int i = 1; i < names.length; i++) {
                acc = c.node(binary, Attributes.empty(), acc, names[i]);
            }
            return new KTensor(acc, rank);
        }
        return c.node(rank, many, Attributes.empty(), names);
    }
}
