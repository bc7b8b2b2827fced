package dev.visor.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visor.VisorException;
import dev.visor.io.ModelLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a TF.js layers model: {@code model.json} (Keras topology + weights manifest) and the weight
 * shards it lists. Weights are little-endian float32, int32, float16, or uint8/uint16 quantised with
 * the manifest's {@code quantization} {dtype, scale, min} (value = q·scale + min).
 */
public final class TfjsReader {
    private TfjsReader() {}

    /** Reads {@code model.json} (or the directory that holds it), its shards and a labels.txt beside it. */
    public static KerasFile read(Path modelJsonOrDir) {
        Path json = Files.isDirectory(modelJsonOrDir) ? modelJsonOrDir.resolve("model.json") : modelJsonOrDir;
        if (!Files.isRegularFile(json)) {
            throw new VisorException("TF.js model file not found: " + json);
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json.toFile());
        } catch (IOException e) {
            throw new VisorException(json + " is not valid JSON: " + firstLine(e.getMessage()), e);
        }
        JsonNode config = modelConfig(root, json);
        Path dir = json.toAbsolutePath().getParent();
        KerasWeights weights = readWeights(root.path("weightsManifest"), dir, json);
        Path labels = dir.resolve("labels.txt");
        List<String> names = Files.isRegularFile(labels) ? ModelLoader.readLabels(labels) : List.of();
        return new KerasFile(config, weights, names, json.toString());
    }

    private static JsonNode modelConfig(JsonNode root, Path json) {
        JsonNode topo = root.path("modelTopology");
        if (root.path("format").asText("").equals("graph-model") || topo.has("node")) {
            throw new VisorException(json + " is a TF.js graph model; Visor reads TF.js layers models (Keras topology)");
        }
        JsonNode config = topo.has("model_config") ? topo.get("model_config") : topo;
        if (!config.isObject() || !config.has("class_name") || !config.has("config")) {
            throw new VisorException(json + " is not a TF.js layers model: it has no modelTopology with a Keras model config"
                    + " (class_name + config)");
        }
        if (!root.path("weightsManifest").isArray()) {
            throw new VisorException(json + " has no weightsManifest: not a TF.js layers model with weights");
        }
        return config;
    }

    private static KerasWeights readWeights(JsonNode manifest, Path dir, Path json) {
        KerasWeights weights = new KerasWeights();
        int group = 0;
        for (JsonNode g : manifest) {
            group++;
            List<String> paths = new ArrayList<>();
            g.path("paths").forEach(p -> paths.add(p.asText()));
            byte[] bytes = concat(dir, paths, json);
            long need = 0;
            for (JsonNode w : g.path("weights")) {
                need += WeightTensor.size(shape(w)) * bytesPer(w, json);
            }
            if (need != bytes.length) {
                throw new VisorException("weight shards " + paths + " of " + json + " hold " + bytes.length
                        + " bytes but the manifest (group " + group + ") expects " + need + " bytes");
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode w : g.path("weights")) {
                int[] shape = shape(w);
                weights.add(new WeightTensor(w.path("name").asText(), shape, decode(buf, w, (int) WeightTensor.size(shape))));
            }
        }
        return weights;
    }

    private static byte[] concat(Path dir, List<String> paths, Path json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : paths) {
            Path f = dir.resolve(p);
            if (!Files.isRegularFile(f)) {
                throw new VisorException("weight shard '" + p + "' listed in " + json + " is missing (looked for " + f + ")");
            }
            try {
                out.write(Files.readAllBytes(f));
            } catch (IOException e) {
                throw new VisorException("cannot read weight shard " + f + ": " + e.getMessage(), e);
            }
        }
        return out.toByteArray();
    }

    private static int[] shape(JsonNode w) {
        JsonNode s = w.path("shape");
        int[] r = new int[s.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = s.get(i).asInt();
        }
        return r;
    }

    /** The stored type: the quantisation dtype if quantised, else the dtype. */
    private static String storedType(JsonNode w) {
        JsonNode q = w.path("quantization");
        return q.isObject() ? q.path("dtype").asText() : w.path("dtype").asText("float32");
    }

    private static int bytesPer(JsonNode w, Path json) {
        String t = storedType(w);
        return switch (t) {
            case "float32", "int32" -> 4;
            case "float16", "uint16" -> 2;
            case "uint8", "bool" -> 1;
            default -> throw new VisorException("weight '" + w.path("name").asText() + "' in " + json + " has type " + t
                    + "; supported: float32, int32, float16, uint8/uint16 quantised, bool");
        };
    }

    private static float[] decode(ByteBuffer buf, JsonNode w, int n) {
        String t = storedType(w);
        JsonNode q = w.path("quantization");
        float scale = (float) q.path("scale").asDouble(1);
        float min = (float) q.path("min").asDouble(0);
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = switch (t) {
                case "float32" -> buf.getFloat();
                case "int32" -> buf.getInt();
                case "float16" -> Half.toFloat(buf.getShort());
                case "uint16" -> (buf.getShort() & 0xffff) * scale + min;
                case "uint8" -> (buf.get() & 0xff) * scale + min;
                case "bool" -> buf.get() != 0 ? 1f : 0f;
                default -> throw new IllegalStateException(t);
            };
        }
        return r;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
