package dev.visor.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.visor.VisorException;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one entry point that turns a user's model name ({@code .onnx} file, TF.js or Keras
 * directory, {@code model.json}, {@code .h5}, Visor directory, {@code zoo:NAME}, {@code builtin:NAME})
 * into a {@link Model}, then applies a {@code visor.yaml} found next to it and the user's overrides.
 */
public final class ModelLoader {
    private ModelLoader() {}

    /** Loads with no overrides. */
    public static Model load(String spec) {
        return load(spec, ModelOptions.none());
    }

    /** Loads and applies visor.yaml and the overrides. */
    public static Model load(String spec, ModelOptions options) {
        List<ModelFormat> formats = ModelFormats.all();
        for (ModelFormat f : formats) {
            if (f.accepts(spec)) {
                Model m = loadGuarded(f, spec);
                try {
                    return customise(m, spec, options);
                } catch (RuntimeException e) {
                    m.close();
                    throw e;
                }
            }
        }
        if (!spec.contains(":") && !Files.exists(Path.of(spec))) {
            throw new VisorException("model not found: " + spec);
        }
        throw new VisorException("cannot tell the format of model '" + spec + "'; give a .onnx file, a TF.js/Keras directory or"
                + " model.json, a .h5 file, a Visor model directory, zoo:NAME or builtin:NAME (formats: "
                + formats.stream().map(ModelFormat::name).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * The format's load, with the guarantee the CLI relies on: whatever a corrupt file makes a parser
     * (protobuf, Jackson, the graph builder) throw ends as a one-line VisorException naming the file.
     * The importers check sizes and types themselves; this is the last line of defence.
     */
    private static Model loadGuarded(ModelFormat f, String spec) {
        try {
            return f.load(spec);
        } catch (VisorException e) {
            String msg = oneLine(e.getMessage());
            throw msg.equals(e.getMessage()) ? e : new VisorException(msg, e);
        } catch (RuntimeException e) {
            throw new VisorException("cannot read " + f.name() + " model " + spec + " (corrupt file?): "
                    + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()), e);
        }
    }

    /** A message on one line: control characters (a corrupt file's names can hold any) shown as escapes. */
    static String oneLine(String s) {
        if (s == null) {
            return "error";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    private static Model customise(Model m, String spec, ModelOptions o) {
        InputSpec s = m.inputSpec();
        List<String> labels = m.labels();
        Path yaml = sidecar(spec);
        if (yaml != null) {
            JsonNode y = readYaml(yaml);
            s = apply(s, new ModelOptions(intOrNull(y, "size"), intOrNull(y, "channels"), floatOrNull(y, "range_min"),
                    floatOrNull(y, "range_max"), floatsOrNull(y, "mean"), floatsOrNull(y, "std"),
                    y.has("bgr") ? y.get("bgr").asBoolean() : null,
                    y.has("labels") ? yaml.resolveSibling(y.get("labels").asText()) : null));
            if (y.has("labels")) {
                labels = readLabels(yaml.resolveSibling(y.get("labels").asText()));
            }
        }
        s = apply(s, o);
        if (o.labels() != null) {
            labels = readLabels(o.labels());
        }
        if (s.equals(m.inputSpec()) && labels.equals(m.labels())) {
            return m;
        }
        dev.visor.model.Graph g = m.graph();
        long[] shape = g.inputShape().clone();
        if (shape.length == 4 && (shape[2] != s.height() || shape[3] != s.width() || shape[1] != s.channels())) {
            // The user's size wins over the file's: fully convolutional models run at any size, and others
            // fail at their first size-bound node with a one-line error naming it.
            shape[1] = s.channels();
            shape[2] = s.height();
            shape[3] = s.width();
            g = new dev.visor.model.Graph(g.name(), g.inputName(), shape, g.nodes(), g.initializers(), g.outputs(), g.layerAliases());
        }
        return new Model(g, s, labels, m.source(), m.manager());
    }

    private static InputSpec apply(InputSpec s, ModelOptions o) {
        int size = o.size() != null ? o.size() : s.height();
        int sizeW = o.size() != null ? o.size() : s.width();
        return new InputSpec(o.channels() != null ? o.channels() : s.channels(), size, sizeW,
                o.rangeMin() != null ? o.rangeMin() : s.rangeMin(), o.rangeMax() != null ? o.rangeMax() : s.rangeMax(),
                o.mean() != null ? o.mean() : s.mean(), o.std() != null ? o.std() : s.std(),
                o.bgr() != null ? o.bgr() : s.bgr(), s.fileLayout());
    }

    private static Path sidecar(String spec) {
        if (spec.contains(":") && !Files.exists(Path.of(spec))) {
            return null;
        }
        Path p = Path.of(spec);
        Path dir = Files.isDirectory(p) ? p : p.toAbsolutePath().getParent();
        if (dir == null) {
            return null;
        }
        Path y = dir.resolve("visor.yaml");
        return Files.isRegularFile(y) ? y : null;
    }

    private static JsonNode readYaml(Path yaml) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile());
        } catch (IOException e) {
            throw new VisorException("cannot read " + yaml + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** Reads a labels file: one class name a line (blank lines kept out). */
    public static List<String> readLabels(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new VisorException("labels file not found: " + file);
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty()).collect(Collectors.toCollection(ArrayList::new));
        } catch (IOException e) {
            throw new VisorException("cannot read labels file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Integer intOrNull(JsonNode y, String k) {
        return y.has(k) ? y.get(k).asInt() : null;
    }

    private static Float floatOrNull(JsonNode y, String k) {
        return y.has(k) ? (float) y.get(k).asDouble() : null;
    }

    private static float[] floatsOrNull(JsonNode y, String k) {
        if (!y.has(k)) {
            return null;
        }
        JsonNode a = y.get(k);
        float[] r = new float[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) a.get(i).asDouble();
        }
        return r;
    }
}
