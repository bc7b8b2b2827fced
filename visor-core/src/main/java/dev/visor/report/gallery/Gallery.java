package dev.visor.report.gallery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Exhibits grouped by model, layer and unit. */
final class Gallery {
    /** One model: its model-wide exhibits and its layers. */
    record ModelEntry(String name, List<Exhibit> general, Map<String, LayerEntry> layers) {}

    /** One layer: its layer-wide exhibits and, per unit, the unit's exhibits. */
    record LayerEntry(String name, List<Exhibit> general, Map<Integer, List<Exhibit>> units) {}

    private final Map<String, ModelEntry> models = new TreeMap<>();

    private Gallery() {}

    static Gallery of(List<Exhibit> exhibits) {
        Gallery g = new Gallery();
        for (Exhibit e : exhibits) {
            ModelEntry m = g.models.computeIfAbsent(e.model(), n -> new ModelEntry(n, new ArrayList<>(), new TreeMap<>()));
            if (e.layer() == null) {
                m.general().add(e);
                continue;
            }
            LayerEntry l = m.layers().computeIfAbsent(e.layer(), n -> new LayerEntry(n, new ArrayList<>(), new TreeMap<>()));
            if (e.unit() == null) {
                l.general().add(e);
            } else {
                l.units().computeIfAbsent(e.unit(), u -> new ArrayList<>()).add(e);
            }
        }
        return g;
    }

    Map<String, ModelEntry> models() {
        return models;
    }

    int layerCount() {
        return models.values().stream().mapToInt(m -> m.layers().size()).sum();
    }
}
