package dev.visor.io.keras;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of a Keras model by name, as {@code layer/weight} (e.g. {@code conv2d_1/kernel}),
 * whatever file they came from. Names may carry scope prefixes ({@code model/conv2d_1/kernel}) and
 * Keras' {@code :0} suffix; lookups by layer and short weight name see through both.
 */
public final class KerasWeights {
    private final Map<String, WeightTensor> byName = new LinkedHashMap<>();

    /** Adds a weight under its name (the {@code :0} suffix is dropped). */
    public void add(WeightTensor w) {
        byName.put(strip(w.name()), w);
    }

    /** All weights by name, in file order. */
    public Map<String, WeightTensor> all() {
        return java.util.Collections.unmodifiableMap(byName);
    }

    /**
     * A layer's weight, e.g. ({@code conv2d_1}, {@code kernel}), or null if the file has none such.
     */
    public WeightTensor find(String layer, String weight) {
        WeightTensor w = byName.get(layer + "/" + weight);
        if (w != null) {
            return w;
        }
        String suffix = "/" + layer + "/" + weight;
        for (Map.Entry<String, WeightTensor> e : byName.entrySet()) {
            if (e.getKey().endsWith(suffix)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The short names of a layer's weights (for messages). */
    public List<String> namesOf(String layer) {
        List<String> r = new ArrayList<>();
        for (String k : byName.keySet()) {
            if (k.startsWith(layer + "/") || k.contains("/" + layer + "/")) {
                r.add(k.substring(k.lastIndexOf('/') + 1));
            }
        }
        return r;
    }

    private static String strip(String name) {
        return name.endsWith(":0") ? name.substring(0, name.length() - 2) : name;
    }
}
