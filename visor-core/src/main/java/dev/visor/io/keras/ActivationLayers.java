package dev.visor.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import dev.visor.model.Attributes;
import java.util.List;
import java.util.Map;

/**
 * Keras activations, both as functions named in a layer's {@code activation} setting and as layers
 * (Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax), as ONNX ops.
 */
final class ActivationLayers {
    private ActivationLayers() {}

    /** The activation names {@link #apply} knows. */
    static final List<String> NAMES = List.of("linear", "relu", "relu6", "sigmoid", "tanh", "softmax", "elu", "selu",
            "swish", "silu", "hard_sigmoid", "hard_swish", "hard_silu", "softplus", "softsign", "exponential", "gelu");

    static void register(Map<String, LayerConverter> r) {
        r.put("Activation", c -> apply(c, c.input(), name(c.config().get("activation"))));
        r.put("ReLU", ActivationLayers::relu);
        r.put("ReLU6", c -> clip(c, c.input(), 0f, 6f));
        r.put("LeakyReLU", c -> leaky(c, c.input(), (float) c.num("negative_slope", c.num("alpha", 0.3))));
        r.put("PReLU", ActivationLayers::prelu);
        r.put("ELU", c -> elu(c, c.input(), (float) c.num("alpha", 1.0)));
        r.put("Softmax", c -> {
            KTensor x = c.input();
            int axis = c.config().path("axis").isNumber() ? c.config().get("axis").asInt() : -1;
            return c.node(x.rank(), "Softmax", Attributes.builder().put("axis", (long) c.axis(axis, x)).build(), x.name());
        });
    }

    /** The activation's name from a config value (a string, or a Keras 3 serialised function). */
    static String name(JsonNode v) {
        if (v == null || v.isNull()) {
            return "linear";
        }
        if (v.isObject()) {
            JsonNode cfg = v.path("config");
            return cfg.isTextual() ? cfg.asText() : v.path("class_name").asText().toLowerCase();
        }
        return v.asText();
    }

    /** Applies a Keras activation function to {@code x}; returns x itself for linear. */
    static KTensor apply(LayerContext c, KTensor x, String act) {
        int r = x.rank();
        Attributes none = Attributes.empty();
        return switch (act) {
            case "linear", "None", "" -> x;
            case "relu" -> c.node(r, "Relu", none, x.name());
            case "relu6" -> clip(c, x, 0f, 6f);
            case "sigmoid" -> c.node(r, "Sigmoid", none, x.name());
            case "tanh" -> c.node(r, "Tanh", none, x.name());
            case "softmax" -> c.node(r, "Softmax", Attributes.builder().put("axis", (long) c.axis(-1, x)).build(), x.name());
            case "elu" -> elu(c, x, 1f);
            case "selu" -> c.node(r, "Selu", Attributes.builder().put("alpha", 1.6732632f).put("gamma", 1.0507010f).build(),
                    x.name());
            case "swish", "silu" -> c.node(r, "Mul", none, x.name(), c.node("Sigmoid", none, x.name()));
            case "hard_sigmoid" -> c.node(r, "HardSigmoid", Attributes.builder().put("alpha", 0.2f).put("beta", 0.5f).build(),
                    x.name());
            case "hard_swish", "hard_silu" -> c.node(r, "HardSwish", none, x.name());
            case "softplus" -> c.node(r, "Softplus", none, x.name());
            case "softsign" -> c.node(r, "Softsign", none, x.name());
            case "exponential" -> c.node(r, "Exp", none, x.name());
            case "gelu" -> gelu(c, x);
            default -> throw c.unsupported("activation '" + act + "' (supported: " + String.join(", ", NAMES) + ")");
        };
    }

    private static KTensor relu(LayerContext c) {
        KTensor x = c.input();
        Double max = c.has("max_value") ? c.num("max_value", 0) : null;
        float slope = (float) c.num("negative_slope", 0);
        float threshold = (float) c.num("threshold", 0);
        if (threshold != 0f) {
            throw c.unsupported("threshold " + threshold);
        }
        if (max == null) {
            return slope == 0f ? c.node(x.rank(), "Relu", Attributes.empty(), x.name()) : leaky(c, x, slope);
        }
        if (slope != 0f) {
            throw c.unsupported("max_value together with negative_slope");
        }
        return clip(c, x, 0f, max.floatValue());
    }

    private static KTensor leaky(LayerContext c, KTensor x, float alpha) {
        return c.node(x.rank(), "LeakyRelu", Attributes.builder().put("alpha", alpha).build(), x.name());
    }

    private static KTensor elu(LayerContext c, KTensor x, float alpha) {
        return c.node(x.rank(), "Elu", Attributes.builder().put("alpha", alpha).build(), x.name());
    }

    /** ONNX Clip (min and max as inputs, opset 11+). */
    static KTensor clip(LayerContext c, KTensor x, float min, float max) {
        return c.node(x.rank(), "Clip", Attributes.empty(), x.name(), c.constant("min", new float[] {min}),
                c.constant("max", new float[] {max}));
    }

    private static KTensor prelu(LayerContext c) {
        KTensor x = c.input();
        WeightTensor alpha = c.weight("alpha");
        // Keras alpha is (H, W, C) or broadcast (1, 1, C); ONNX PRelu on NCHW wants (C, H, W).
        if (x.spatial() && alpha.rank() == 3) {
            alpha = alpha.permute(2, 0, 1);
        }
        return c.node(x.rank(), "PRelu", Attributes.empty(), x.name(), c.constant("slope", alpha));
    }

    private static KTensor gelu(LayerContext c, KTensor x) {
        Attributes none = Attributes.empty();
        String scaled = c.node("Mul", none, x.name(), c.constant("inv_sqrt2", new float[] {(float) (1 / Math.sqrt(2))}));
        String erf = c.node("Erf", none, scaled);
        String onePlus = c.node("Add", none, erf, c.constant("one", new float[] {1f}));
        String half = c.node("Mul", none, x.name(), c.constant("half", new float[] {0.5f}));
        return c.node(x.rank(), "Mul", none, half, onePlus);
    }
}
