package dev.visor.report.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/**
 * Multifaceted feature visualisation ({@code visor facets}, {@code facets.json}): each facet's render beside the real
 * images of its cluster, and the t-SNE plane.
 */
public final class FacetsSource implements GallerySource {
    @Override
    public String name() {
        return "facets";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public boolean accepts(Path file, JsonNode json) {
        return Sources.has(json, "facets", "clusterSizes", "settings") && json.get("facets").isArray();
    }

    @Override
    public List<Exhibit> read(Path file, JsonNode json) {
        String objective = Sources.need(json.get("settings"), "objective").asText();
        UnitRef ref = UnitRef.parse(objective);
        Exhibit.Builder b = Exhibit.builder(name(), Json.str(json, "model"), file).title("Facets (multifaceted feature visualisation)");
        for (JsonNode f : json.get("facets")) {
            String n = "facet " + f.path("facet").asInt();
            b.picture(f.path("file").asText(null), n + ": render, activation " + Json.text(f.path("activation")));
            b.picture(f.path("images").asText(null), n + ": its cluster's " + f.path("size").asInt() + " real images (strongest first)");
        }
        b.picture("tsne.png", "t-SNE of the top images, coloured by cluster")
                .fact("objective", objective)
                .fact("facets", json.get("k"))
                .fact("cluster sizes", json.get("clusterSizes"))
                .fact("facet activations", json.get("activations"))
                .fact("silhouette", json.get("silhouette"))
                .fact("embedding layer", json.get("embedLayer"))
                .fact("top images", json.get("topImages"))
                .fact("data", json.get("dataset"))
                .settings(json.get("settings"));
        if (ref != null) {
            b.at(ref.layer(), ref.unit());
        }
        return List.of(b.build());
    }
}
