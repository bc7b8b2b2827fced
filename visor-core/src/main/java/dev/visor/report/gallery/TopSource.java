package dev.visor.report.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Dataset examples ({@code visor top}): a unit's top-k images or receptive-field patches, one sidecar per unit. */
public final class TopSource implements GallerySource {
    @Override
    public String name() {
        return "top";
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public boolean accepts(Path file, JsonNode json) {
        return Sources.has(json, "examples", "layer", "unit", "images_seen");
    }

    @Override
    public List<Exhibit> read(Path file, JsonNode json) {
        boolean patches = json.path("settings").path("patches").asBoolean(false);
        JsonNode examples = json.get("examples");
        StringBuilder list = new StringBuilder();
        for (JsonNode e : examples) {
            list.append(list.isEmpty() ? "" : ", ").append(e.has("label") ? e.get("label").asText() + " " : "#" + e.path("image").asInt() + " ")
                    .append(Json.text(e.path("value")));
        }
        String image = json.path("image").asText(null);
        if (image != null && !Files.exists(file.resolveSibling(image))) {
            image = null; // a unit that never fired has a sidecar but no montage
        }
        return List.of(Exhibit.builder(name(), Json.str(json, "model"), file)
                .at(Sources.need(json, "layer").asText(), Sources.need(json, "unit").asInt())
                .title(patches ? "Top dataset patches" : "Top dataset images")
                .picture(image, "the " + examples.size() + (patches ? " strongest receptive-field patches" : " strongest images")
                        + " of " + json.path("data").asText("the data") + ", in reading order")
                .fact("data", json.get("data"))
                .fact("images seen", json.get("images_seen"))
                .fact("activation range", Json.text(json.path("min")) + " … " + Json.text(json.path("max")))
                .fact("examples (label, value)", list.toString())
                .settings(json.get("settings"))
                .build());
    }
}
