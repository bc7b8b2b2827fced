package dev.visor.optvis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visor.engine.Engines;
import dev.visor.io.ModelLoader;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test stand-in for the TF.js importer (another branch): builds the darknet-tiny graph from its
 * model.json with Keras layer names as aliases. Spatial input size is left free (the net is fully
 * convolutional). Replace with {@code ModelLoader.load} once the importer is merged.
 */
public final class DarknetTiny {
    private DarknetTiny() {}

    /** Loads the shared darknet-tiny model. */
    public static Model load() {
        Path dir = TestPaths.darknetTiny();
        try {
            JsonNode root = new ObjectMapper().readTree(dir.resolve("model.json").toFile());
            NDManager m = Engines.newManager();
            Map<String, NDArray> w = new HashMap<>();
            for (JsonNode group : root.get("weightsManifest")) {
                ByteArrayBuilder bytes = new ByteArrayBuilder();
                for (JsonNode p : group.get("paths")) {
                    bytes.add(Files.readAllBytes(dir.resolve(p.asText())));
                }
                ByteBuffer buf = ByteBuffer.wrap(bytes.get()).order(ByteOrder.LITTLE_ENDIAN);
                for (JsonNode spec : group.get("weights")) {
                    long[] shape = new long[spec.get("shape").size()];
                    for (int i = 0; i < shape.length; i++) {
                        shape[i] = spec.get("shape").get(i).asLong();
                    }
                    float[] data = new float[(int) new Shape(shape).size()];
                    buf.asFloatBuffer().get(data);
                    buf.position(buf.position() + data.length * 4);
                    w.put(spec.get("name").asText(), m.create(data, new Shape(shape)));
                }
            }
            Graph.Builder g = new Graph.Builder().name("darknet-tiny").input("input_1", -1, 3, -1, -1);
            String prev = "input_1";
            for (JsonNode layer : root.get("modelTopology").get("model_config").get("config").get("layers")) {
                String cls = layer.get("class_name").asText();
                JsonNode c = layer.get("config");
                String name = c.get("name").asText();
                switch (cls) {
                    case "InputLayer" -> { continue; }
                    case "Conv2D" -> {
                        g.initializer(name + "/W", w.get(name + "/kernel").transpose(3, 2, 0, 1));
                        List<String> ins = c.get("use_bias").asBoolean()
                                ? List.of(prev, name + "/W", name + "/bias") : List.of(prev, name + "/W");
                        if (c.get("use_bias").asBoolean()) {
                            g.initializer(name + "/bias", w.get(name + "/bias"));
                        }
                        g.node(name, "Conv", ins, name + ":0", Attributes.builder().put("auto_pad", "SAME_UPPER").build());
                    }
                    case "BatchNormalization" -> {
                        for (String k : new String[] {"gamma", "beta", "moving_mean", "moving_variance"}) {
                            g.initializer(name + "/" + k, w.get(name + "/" + k));
                        }
                        g.node(name, "BatchNormalization", List.of(prev, name + "/gamma", name + "/beta", name + "/moving_mean",
                                name + "/moving_variance"), name + ":0",
                                Attributes.builder().put("epsilon", (float) c.get("epsilon").asDouble()).build());
                    }
                    case "LeakyReLU" -> g.node(name, "LeakyRelu", List.of(prev), name + ":0",
                            Attributes.builder().put("alpha", (float) c.get("alpha").asDouble()).build());
                    case "MaxPooling2D" -> g.node(name, "MaxPool", List.of(prev), name + ":0", Attributes.builder()
                            .put("kernel_shape", 2L, 2L).put("strides", 2L, 2L).put("auto_pad", "SAME_UPPER").build());
                    case "GlobalAveragePooling2D" -> {
                        g.node(name + "/pool", "GlobalAveragePool", List.of(prev), name + "/pool:0", Attributes.empty());
                        g.node(name, "Flatten", List.of(name + "/pool:0"), name + ":0", Attributes.empty());
                    }
                    default -> throw new IllegalStateException("unexpected layer " + cls);
                }
                g.alias(name, name + ":0");
                prev = name + ":0";
            }
            g.output(prev);
            List<String> labels = ModelLoader.readLabels(dir.resolve("labels.txt"));
            return new Model(g.build(), InputSpec.rgb01(224, 224), labels, dir.toString(), m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class ByteArrayBuilder {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        void add(byte[] b) {
            out.writeBytes(b);
        }

        byte[] get() {
            return out.toByteArray();
        }
    }
}
