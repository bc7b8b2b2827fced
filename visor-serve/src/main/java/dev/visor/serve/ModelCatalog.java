package dev.visor.serve;

import dev.visor.model.LayerTable;
import dev.visor.model.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the app lets users browse: the model's layers with their shapes and unit counts, measured once at
 * start (one dry forward pass, {@link LayerTable}) so requests are validated without touching the model.
 */
public final class ModelCatalog {
    /**
     * One layer.
     *
     * @param name  the name users pick
     * @param op    its op types
     * @param shape activation shape of one image (no batch axis)
     * @param units channels (conv) or features (dense): axis 1
     */
    public record Layer(String name, String op, long[] shape, long units) {}

    private final String source;
    private final String input;
    private final int channels;
    private final int inputSize;
    private final List<String> labels;
    private final Map<String, Layer> layers = new LinkedHashMap<>();

    /** Reads the layers of {@code model} (the model is not kept). */
    public ModelCatalog(Model model) {
        this.source = model.source();
        this.input = model.inputSpec().toString();
        this.channels = model.inputSpec().channels();
        this.inputSize = model.inputSpec().height();
        this.labels = List.copyOf(model.labels());
        for (LayerTable.Row r : LayerTable.of(model)) {
            long[] s = r.shape().getShape();
            long[] one = s.length > 1 ? Arrays.copyOfRange(s, 1, s.length) : s;
            if (r.op().equals("Input")) {
                continue;
            }
            layers.put(r.name(), new Layer(r.name(), r.op(), one, s.length < 2 ? 1 : s[1]));
        }
    }

    /** The model's source, as given to {@code --model}. */
    public String source() {
        return source;
    }

    /** Class names (may be empty). */
    public List<String> labels() {
        return labels;
    }

    /** Input channels. */
    public int channels() {
        return channels;
    }

    /** A layer by name, or null. */
    public Layer layer(String name) {
        return layers.get(name);
    }

    /** The JSON view of {@code GET /api/model}. */
    public Map<String, Object> json() {
        List<Map<String, Object>> ls = new ArrayList<>();
        for (Layer l : layers.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", l.name());
            m.put("op", l.op());
            m.put("shape", l.shape());
            m.put("units", l.units());
            ls.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", source);
        out.put("input", input);
        out.put("inputSize", inputSize);
        out.put("labels", labels);
        out.put("layers", ls);
        return out;
    }
}
