package dev.visor.io.keras;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visor.io.ModelLoader;
import dev.visor.model.LayerTable;
import dev.visor.model.Model;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Keras layer with a fused activation ({@code Conv2D(activation='relu')}, {@code Dense(activation='relu')}) is
 * translated into several nodes, and the layer's name points at the last one (the Relu). The layer table must
 * still show the layer's real op and all its parameters. The truth is the model's own weights manifest: Keras
 * names each weight {@code layer/weight}, and a layer's parameters are the sizes of its weights.
 */
class LayerTableParametersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parameters per layer from a TF.js weights manifest, summing the shapes' products. */
    private static Map<String, Long> manifest(Path modelJson) throws IOException {
        Map<String, Long> r = new TreeMap<>();
        for (JsonNode group : JSON.readTree(modelJson.toFile()).get("weightsManifest")) {
            for (JsonNode w : group.get("weights")) {
                long n = 1;
                for (JsonNode d : w.get("shape")) {
                    n *= d.asLong();
                }
                String name = w.get("name").asText();
                r.merge(name.substring(0, name.lastIndexOf('/')), n, Long::sum);
            }
        }
        return r;
    }

    private static Map<String, Long> tableParameters(List<LayerTable.Row> rows) {
        return rows.stream().filter(r -> r.parameters() > 0)
                .collect(Collectors.toMap(LayerTable.Row::name, LayerTable.Row::parameters, Long::sum, TreeMap::new));
    }

    private static Map<String, String> ops(List<LayerTable.Row> rows) {
        return rows.stream().collect(Collectors.toMap(LayerTable.Row::name, LayerTable.Row::op));
    }

    @Test
    void fusedReluOnConv2DAndDenseKeepsTheLayersOpAndWeights(@TempDir Path dir) throws IOException {
        Path json = writeFusedModel(dir);
        try (Model model = ModelLoader.load(dir.toString())) {
            List<LayerTable.Row> rows = LayerTable.of(model);
            Map<String, String> ops = ops(rows);
            assertThat(ops.get("conv")).isEqualTo("Conv+Relu");
            assertThat(ops.get("fc1")).isEqualTo("Gemm+Relu");
            assertThat(tableParameters(rows)).isEqualTo(manifest(json));
        }
    }

    @Test
    void functionalFixtureShowsEveryLayersWeights() throws IOException {
        Path dir = TestPaths.resources().resolve("functional-tfjs");
        try (Model model = ModelLoader.load(dir.toString())) {
            List<LayerTable.Row> rows = LayerTable.of(model);
            assertThat(ops(rows).get("conv_a")).isEqualTo("Conv+Relu");
            assertThat(tableParameters(rows)).isEqualTo(manifest(dir.resolve("model.json")));
        }
    }

    @Test
    void sequentialFixtureCountsNoSettingsAsWeights() throws IOException {
        // relu6 is a Clip with min/max constants and UpSampling2D a Resize with scales: neither are weights.
        Path dir = TestPaths.resources().resolve("sequential-tfjs");
        try (Model model = ModelLoader.load(dir.toString())) {
            assertThat(tableParameters(LayerTable.of(model))).isEqualTo(manifest(dir.resolve("model.json")));
        }
    }

    @Test
    void darknetTinyTotalIsItsManifestsTotal() throws IOException {
        Path dir = TestPaths.shared().resolve("models/darknet-tiny");
        Map<String, Long> want = manifest(dir.resolve("model.json"));
        try (Model model = ModelLoader.load(dir.toString())) {
            List<LayerTable.Row> rows = LayerTable.of(model);
            assertThat(rows.stream().mapToLong(LayerTable.Row::parameters).sum())
                    .isEqualTo(want.values().stream().mapToLong(Long::longValue).sum());
            assertThat(tableParameters(rows)).isEqualTo(want);
        }
    }

    /** A TF.js layers model: Conv2D(4, 3×3, same, relu) → Flatten → Dense(5, relu) → Dense(3, softmax) on 8×8×3. */
    private static Path writeFusedModel(Path dir) throws IOException {
        String layers = """
                [{"class_name": "Conv2D", "config": {"name": "conv", "batch_input_shape": [null, 8, 8, 3], "dtype": "float32",
                   "filters": 4, "kernel_size": [3, 3], "strides": [1, 1], "padding": "same", "data_format": "channels_last",
                   "dilation_rate": [1, 1], "activation": "relu", "use_bias": true}},
                 {"class_name": "Flatten", "config": {"name": "flat", "data_format": "channels_last"}},
                 {"class_name": "Dense", "config": {"name": "fc1", "units": 5, "activation": "relu", "use_bias": true}},
                 {"class_name": "Dense", "config": {"name": "fc2", "units": 3, "activation": "softmax", "use_bias": true}}]
                """;
        long[][] shapes = {{3, 3, 3, 4}, {4}, {8 * 8 * 4, 5}, {5}, {5, 3}, {3}};
        String[] names = {"conv/kernel", "conv/bias", "fc1/kernel", "fc1/bias", "fc2/kernel", "fc2/bias"};
        StringBuilder weights = new StringBuilder();
        long total = 0;
        for (int i = 0; i < names.length; i++) {
            long n = 1;
            StringBuilder s = new StringBuilder();
            for (long d : shapes[i]) {
                n *= d;
                s.append(s.length() == 0 ? "" : ", ").append(d);
            }
            total += n;
            weights.append(i == 0 ? "" : ", ").append("{\"name\": \"").append(names[i]).append("\", \"shape\": [").append(s)
                    .append("], \"dtype\": \"float32\"}");
        }
        String model = "{\"format\": \"layers-model\", \"modelTopology\": {\"keras_version\": \"2.3.1\", \"backend\": \"tensorflow\","
                + " \"model_config\": {\"class_name\": \"Sequential\", \"config\": {\"name\": \"fused\", \"layers\": " + layers + "}}},"
                + " \"weightsManifest\": [{\"paths\": [\"group1-shard1of1.bin\"], \"weights\": [" + weights + "]}]}";
        ByteBuffer b = ByteBuffer.allocate((int) total * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < total; i++) {
            b.putFloat(0.01f * (i % 7 - 3));
        }
        Files.write(dir.resolve("group1-shard1of1.bin"), b.array());
        Path json = dir.resolve("model.json");
        Files.writeString(json, model);
        return json;
    }
}
