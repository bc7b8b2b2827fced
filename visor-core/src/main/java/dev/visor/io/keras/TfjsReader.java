package dev.visor.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visor.VisorException;
import dev.visor.io.ModelLoader;
import dev.visor.io.TensorLimits;
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
            for (JsonNode p : g.path("paths")) {
                if (!p.isTextual() || p.asText().isEmpty()) {
                    throw new VisorException(json + ": weightsManifest group " + group + " lists shard " + p
                            + "; valid: a file name beside model.json");
                }
                paths.add(p.asText());
            }
            long available = shardBytes(dir, paths, json);
            // Shapes and types are checked against the shards' sizes before any shard is read.
            long need = 0;
            for (JsonNode w : g.path("weights")) {
                long n = TensorLimits.elements(shape(w, json), weightName(w, json));
                need = Math.addExact(need, n * bytesPer(w, json));
            }
            if (need != available) {
                throw new VisorException("weight shards " + paths + " of " + json + " hold " + available
                        + " bytes but the manifest (group " + group + ") expects " + need + " bytes");
            }
            byte[] bytes = concat(dir, paths, json, available);
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode w : g.path("weights")) {
                int[] shape = shape(w, json);
                weights.add(new WeightTensor(w.path("name").asText(), shape, decode(buf, w, (int) WeightTensor.size(shape))));
            }
        }
        return weights;
    }

    private static long shardBytes(Path dir, List<String> paths, Path json) {
        long total = 0;
        for (String p : paths) {
            Path f = dir.resolve(p).normalize();
            if (!f.startsWith(dir.normalize())) {
                throw new VisorException("weight shard '" + p + "' listed in " + json + " lies outside its folder " + dir);
            }
            if (!Files.isRegularFile(f)) {
                throw new VisorException("weight shard '" + p + "' listed in " + json + " is missing (looked for " + f + ")");
            }
            try {
                total += Files.size(f);
            } catch (IOException e) {
                throw new VisorException("cannot read weight shard " + f + ": " + e.getMessage(), e);
            }
        }
        return total;
    }

    private static byte[] concat(Path dir, List<String> paths, Path json, long total) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(total, Integer.MAX_VALUE - 8));
        for (String p : paths) {
            Path f = dir.resolve(p);
            try {
                out.write(Files.readAllBytes(f));
            } catch (IOException e) {
                throw new VisorException("cannot read weight shard " + f + ": " + e.getMessage(), e);
            }
        }
        return out.toByteArray();
    }

    /** A manifest entry's shape: a list of integers from 0 to 2^31 - 1 (product checked by the caller). */
    private static int[] shape(JsonNode w, Path json) {
        JsonNode s = w.path("shape");
        if (!s.isArray()) {
            throw new VisorException(weightName(w, json) + " has shape " + s + "; valid: a list of dimensions");
        }
        int[] r = new int[s.size()];
        for (int i = 0; i < r.length; i++) {
            JsonNode d = s.get(i);
            if (!d.canConvertToInt() || !d.isIntegralNumber() || d.asInt() < 0) {
                throw new VisorException(weightName(w, json) + " has shape " + s + "; valid: dimensions are integers from 0 to "
                        + Integer.MAX_VALUE);
            }
            r[i] = d.asInt();
        }
        return r;
    }

    private static String weightName(JsonNode w, Path json) {
        return "weight '" + w.path("name").asText() + "' in " + json;
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
