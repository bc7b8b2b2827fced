package dev.visor.io.visor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.visor.VisorException;
import dev.visor.engine.Engines;
import dev.visor.io.TensorLimits;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import dev.visor.model.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Visor's own model format: a directory with {@code visor-model.json} (name, graph nodes with typed
 * attributes, initializer names, shapes, dtypes and byte offsets, input spec, labels, training
 * provenance) and {@code weights.bin} (the tensors, little-endian float32 / int64, in order).
 * Tensor-valued attributes are stored in {@code weights.bin} as {@code attr:NODE/NAME}.
 */
public final class VisorModelFile {
    /** The topology file. */
    public static final String JSON = "visor-model.json";
    /** The weights file. */
    public static final String WEIGHTS = "weights.bin";
    /** Format version written. */
    public static final int VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(VisorModelFile.class);
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private VisorModelFile() {}

    /** Where the two files come from: a directory or class-path resources. */
    public interface Source {
        /** The bytes of a file of the model, or null when absent. */
        byte[] read(String file) throws IOException;

        /** The full name of a file of the model, for messages. */
        String describe(String file);
    }

    /** A model directory. */
    public static Source directory(Path dir) {
        return new Source() {
            @Override
            public byte[] read(String file) throws IOException {
                Path p = dir.resolve(file);
                return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
            }

            @Override
            public String describe(String file) {
                return dir.resolve(file).toString();
            }
        };
    }

    /** Class-path resources under a folder such as {@code /dev/visor/builtin/fashion-cnn/}. */
    public static Source classpath(String folder) {
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        return new Source() {
            @Override
            public byte[] read(String file) throws IOException {
                try (InputStream in = VisorModelFile.class.getResourceAsStream(prefix + file)) {
                    return in == null ? null : in.readAllBytes();
                }
            }

            @Override
            public String describe(String file) {
                return "classpath:" + prefix + file;
            }
        };
    }

    /** True if the directory holds a Visor model. */
    public static boolean isModelDirectory(Path dir) {
        return Files.isRegularFile(dir.resolve(JSON));
    }

    /**
     * Writes a model (its graph with the current weights, input spec and labels) to a directory.
     *
     * @param provenance how it was trained ({@link Provenance} for classifiers, another record for other kinds of
     *                   model, e.g. a generator's), or null
     */
    public static void write(Model model, Object provenance, Path dir) {
        Graph g = model.graph();
        Map<String, NDArray> tensors = new LinkedHashMap<>(g.initializers());
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", "visor-model");
        root.put("version", VERSION);
        root.put("name", g.name());
        ObjectNode input = root.putObject("input");
        input.put("name", g.inputName());
        ArrayNode shape = input.putArray("shape");
        for (long d : g.inputShape()) {
            shape.add(d);
        }
        root.set("inputSpec", MAPPER.valueToTree(model.inputSpec()));
        ArrayNode labels = root.putArray("labels");
        model.labels().forEach(labels::add);
        ArrayNode outputs = root.putArray("outputs");
        g.outputs().forEach(outputs::add);
        ObjectNode aliases = root.putObject("layerAliases");
        g.layerAliases().forEach(aliases::put);
        ArrayNode nodes = root.putArray("nodes");
        for (Node n : g.nodes()) {
            ObjectNode o = nodes.addObject();
            o.put("name", n.name());
            o.put("op", n.opType());
            ArrayNode ins = o.putArray("inputs");
            n.inputs().forEach(ins::add);
            ArrayNode outs = o.putArray("outputs");
            n.outputs().forEach(outs::add);
            ObjectNode attrs = o.putObject("attributes");
            for (Map.Entry<String, Object> a : n.attributes().asMap().entrySet()) {
                attrs.set(a.getKey(), attribute(n, a.getKey(), a.getValue(), tensors));
            }
        }
        try {
            Files.createDirectories(dir);
            Path bin = dir.resolve(WEIGHTS);
            List<TensorEntry> entries = TensorBlob.write(tensors, bin);
            ObjectNode w = root.putObject("weights");
            w.put("file", WEIGHTS);
            w.put("bytes", Files.size(bin));
            w.put("sha256", sha256(Files.readAllBytes(bin)));
            root.set("initializers", MAPPER.valueToTree(entries));
            if (provenance != null) {
                root.set("training", MAPPER.valueToTree(provenance));
            }
            MAPPER.writeValue(dir.resolve(JSON).toFile(), root);
        } catch (IOException e) {
            throw new VisorException("cannot write model to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads a model; its weights live in a new manager that the model owns. */
    public static Model read(Source source, String modelName) {
        JsonNode root = json(source);
        String jsonName = source.describe(JSON);
        if (!"visor-model".equals(root.path("format").asText())) {
            throw new VisorException(jsonName + " is not a Visor model file (its \"format\" is not \"visor-model\")");
        }
        if (root.path("version").asInt() > VERSION) {
            throw new VisorException(jsonName + " has format version " + root.path("version").asInt()
                    + "; this Visor reads up to version " + VERSION);
        }
        byte[] weights = bytes(source, WEIGHTS);
        JsonNode w = root.path("weights");
        if (w.has("bytes") && w.get("bytes").asLong() != weights.length) {
            throw new VisorException(source.describe(WEIGHTS) + " is truncated or corrupt: it has " + weights.length
                    + " bytes but " + JSON + " says " + w.get("bytes").asLong());
        }
        checkHash(w, weights, source);
        NDManager manager = Engines.newManager();
        try {
            List<TensorEntry> entries = new ArrayList<>();
            for (JsonNode e : root.path("initializers")) {
                entries.add(MAPPER.treeToValue(e, TensorEntry.class));
            }
            Map<String, NDArray> tensors = TensorBlob.read(entries, weights, source.describe(WEIGHTS), manager);
            Graph.Builder g = new Graph.Builder().name(root.path("name").asText("model"));
            JsonNode input = root.path("input");
            long[] shape = new long[input.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = input.path("shape").get(i).asLong();
            }
            TensorLimits.input(shape, jsonName + ": input '" + input.path("name").asText("input") + "'");
            g.input(input.path("name").asText("input"), shape);
            for (JsonNode n : root.path("nodes")) {
                Attributes.Builder attrs = Attributes.builder();
                var it = n.path("attributes").fields();
                while (it.hasNext()) {
                    var a = it.next();
                    attrs.putRaw(a.getKey(), attributeValue(a.getValue(), tensors, jsonName, n.path("name").asText()));
                }
                g.node(new Node(n.path("name").asText(), n.path("op").asText(), strings(n.path("inputs")),
                        strings(n.path("outputs")), attrs.build()));
            }
            for (Map.Entry<String, NDArray> t : tensors.entrySet()) {
                if (!t.getKey().startsWith("attr:")) {
                    g.initializer(t.getKey(), t.getValue());
                }
            }
            List<String> outputs = strings(root.path("outputs"));
            if (outputs.isEmpty()) {
                throw new VisorException(jsonName + " lists no outputs (\"outputs\": the tensor names the model returns)");
            }
            outputs.forEach(g::output);
            var al = root.path("layerAliases").fields();
            while (al.hasNext()) {
                var a = al.next();
                g.alias(a.getKey(), a.getValue().asText());
            }
            InputSpec spec = MAPPER.treeToValue(root.path("inputSpec"), InputSpec.class);
            if (spec == null || !("NCHW".equals(spec.fileLayout()) || "NHWC".equals(spec.fileLayout()) || spec.isVector())) {
                throw new VisorException(jsonName + " has no valid inputSpec (channels, height, width, range and fileLayout"
                        + " NCHW, NHWC or " + InputSpec.VECTOR + ")");
            }
            return new Model(g.build(), spec, strings(root.path("labels")), modelName, manager);
        } catch (IOException | IllegalArgumentException e) {
            manager.close();
            throw new VisorException("cannot read " + jsonName + ": " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Refuses weights whose SHA-256 differs from the one {@link #write} recorded. Files written before the
     * hash was recorded (none of Visor's own: every release writes it) load with a warning: refusing them
     * would strand users' trained models for no gain, since the byte count and every tensor's bounds are
     * still checked.
     */
    private static void checkHash(JsonNode w, byte[] weights, Source source) {
        JsonNode recorded = w.get("sha256");
        if (recorded == null || recorded.isNull()) {
            LOG.warn("{} records no SHA-256 of {}: its weights cannot be checked for corruption (re-save the model to add it)",
                    source.describe(JSON), WEIGHTS);
            return;
        }
        String expected = recorded.asText();
        String actual = sha256(weights);
        if (!expected.equalsIgnoreCase(actual)) {
            throw new VisorException(source.describe(WEIGHTS) + " does not match the SHA-256 recorded in " + JSON + ": expected "
                    + prefix(expected) + "…, got " + prefix(actual) + "… (the file is corrupt or belongs to another model)");
        }
    }

    private static String prefix(String hash) {
        String h = hash.replaceAll("[^0-9A-Za-z]", "?");
        return h.length() > 12 ? h.substring(0, 12) : h;
    }

    /** The training provenance recorded in a model, or null when it has none. */
    public static Provenance provenance(Source source) {
        return training(source, Provenance.class);
    }

    /** The training record of a model read as {@code type} (e.g. a generator's record), or null when it has none. */
    public static <T> T training(Source source, Class<T> type) {
        JsonNode t = json(source).get("training");
        if (t == null || t.isNull()) {
            return null;
        }
        try {
            return MAPPER.treeToValue(t, type);
        } catch (IOException e) {
            throw new VisorException("cannot read the training record of " + source.describe(JSON) + ": "
                    + firstLine(e.getMessage()), e);
        }
    }

    private static JsonNode json(Source source) {
        byte[] b = bytes(source, JSON);
        try {
            return MAPPER.readTree(b);
        } catch (IOException e) {
            throw new VisorException("cannot parse " + source.describe(JSON) + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static byte[] bytes(Source source, String file) {
        try {
            byte[] b = source.read(file);
            if (b == null) {
                throw new VisorException("model file not found: " + source.describe(file));
            }
            return b;
        } catch (IOException e) {
            throw new VisorException("cannot read " + source.describe(file) + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode attribute(Node n, String name, Object v, Map<String, NDArray> tensors) {
        ObjectNode o = MAPPER.createObjectNode();
        if (v instanceof Long l) {
            o.put("type", "int").put("value", l);
        } else if (v instanceof Float f) {
            o.put("type", "float").put("value", f);
        } else if (v instanceof String s) {
            o.put("type", "string").put("value", s);
        } else if (v instanceof long[] a) {
            o.put("type", "ints");
            ArrayNode arr = o.putArray("value");
            for (long x : a) {
                arr.add(x);
            }
        } else if (v instanceof float[] a) {
            o.put("type", "floats");
            ArrayNode arr = o.putArray("value");
            for (float x : a) {
                arr.add(x);
            }
        } else if (v instanceof String[] a) {
            o.put("type", "strings");
            ArrayNode arr = o.putArray("value");
            for (String x : a) {
                arr.add(x);
            }
        } else if (v instanceof NDArray a) {
            String key = "attr:" + n.name() + "/" + name;
            tensors.put(key, a);
            o.put("type", "tensor").put("value", key);
        } else {
            throw new VisorException("attribute '" + name + "' of node '" + n.name() + "' has an unsupported type");
        }
        return o;
    }

    private static Object attributeValue(JsonNode o, Map<String, NDArray> tensors, String file, String node) {
        JsonNode v = o.path("value");
        String type = o.path("type").asText();
        switch (type) {
            case "int":
                return v.asLong();
            case "float":
                return (float) v.asDouble();
            case "string":
                return v.asText();
            case "ints": {
                long[] a = new long[v.size()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = v.get(i).asLong();
                }
                return a;
            }
            case "floats": {
                float[] a = new float[v.size()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) v.get(i).asDouble();
                }
                return a;
            }
            case "strings": {
                String[] a = new String[v.size()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = v.get(i).asText();
                }
                return a;
            }
            case "tensor": {
                NDArray t = tensors.get(v.asText());
                if (t == null) {
                    throw new VisorException(file + ": node '" + node + "' names tensor attribute " + v.asText()
                            + ", which is not in " + WEIGHTS);
                }
                return t;
            }
            default:
                throw new VisorException(file + ": node '" + node + "' has an attribute of unknown type '" + type
                        + "'; valid: int, float, string, ints, floats, strings, tensor");
        }
    }

    private static List<String> strings(JsonNode arr) {
        List<String> r = new ArrayList<>();
        for (JsonNode s : arr) {
            r.add(s.asText());
        }
        return r;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
