package dev.visor.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.visor.VisorException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The statistics of a pass: for each layer, in request order, its statistics in spec order. */
public final class PassStatistics {
    private final Map<String, List<UnitStatistic>> layers = new LinkedHashMap<>();

    /** Adds a layer's statistics (replacing any). */
    public void put(String layer, List<UnitStatistic> stats) {
        layers.put(layer, new ArrayList<>(stats));
    }

    /** The layers, in order. */
    public List<String> layers() {
        return List.copyOf(layers.keySet());
    }

    /** A layer's statistics, in spec order. */
    public List<UnitStatistic> of(String layer) {
        List<UnitStatistic> s = layers.get(layer);
        if (s == null) {
            throw new VisorException("no statistics for layer '" + layer + "'; layers: " + layers.keySet());
        }
        return Collections.unmodifiableList(s);
    }

    /** The first statistic of a type for a layer. */
    public <T extends UnitStatistic> T get(String layer, Class<T> type) {
        for (UnitStatistic s : of(layer)) {
            if (type.isInstance(s)) {
                return type.cast(s);
            }
        }
        throw new VisorException("layer '" + layer + "' has no " + type.getSimpleName() + " statistic");
    }

    /** Adds one batch of a layer to all its statistics. */
    public void update(String layer, UnitValues values) {
        for (UnitStatistic s : of(layer)) {
            s.update(values);
        }
    }

    /** Merges another pass's statistics (same layers and statistics, disjoint images) into these. */
    public void merge(PassStatistics other) {
        if (!other.layers.keySet().equals(layers.keySet())) {
            throw new VisorException("cannot merge statistics of layers " + other.layers.keySet() + " into " + layers.keySet());
        }
        for (var e : layers.entrySet()) {
            List<UnitStatistic> mine = e.getValue();
            List<UnitStatistic> theirs = other.layers.get(e.getKey());
            if (mine.size() != theirs.size()) {
                throw new VisorException("layer '" + e.getKey() + "' has " + theirs.size() + " statistics in one part and "
                        + mine.size() + " in the other");
            }
            for (int i = 0; i < mine.size(); i++) {
                mine.get(i).merge(theirs.get(i));
            }
        }
    }

    /** The serialised form: {@code {layer: [statistic, ...]}}. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (var e : layers.entrySet()) {
            var a = o.putArray(e.getKey());
            e.getValue().forEach(s -> a.add(s.toJson()));
        }
        return o;
    }

    /** Reads the {@link #toJson()} form. */
    public static PassStatistics fromJson(JsonNode json) {
        PassStatistics p = new PassStatistics();
        json.fields().forEachRemaining(e -> {
            List<UnitStatistic> list = new ArrayList<>();
            e.getValue().forEach(s -> list.add(UnitStatistic.fromJson(s)));
            p.put(e.getKey(), list);
        });
        return p;
    }
}
