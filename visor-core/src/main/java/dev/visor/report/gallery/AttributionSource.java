package dev.visor.report.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/** Attribution maps ({@code visor attribute}, the demo): model-wide, one map per sidecar. */
public final class AttributionSource implements GallerySource {
    @Override
    public String name() {
        return "attribution";
    }

    @Override
    public boolean accepts(Path file, JsonNode json) {
        return Sources.has(json, "method", "target", "score", "image", "input");
    }

    @Override
    public List<Exhibit> read(Path file, JsonNode json) {
        String method = json.get("method").asText();
        String input = json.get("input").asText();
        return List.of(Exhibit.builder(name(), Json.str(json, "model"), file)
                .title("Attribution: " + method + " of " + input)
                .picture(json.get("image").asText(), method + " for " + json.get("target").asText()
                        + (json.has("label") ? " (" + json.get("label").asText() + ")" : ""))
                .fact("input", input)
                .fact("method", method)
                .fact("target", json.get("target"))
                .fact("class", json.get("label"))
                .fact("score", json.get("score"))
                .fact("layer", json.get("layer"))
                .setting("target_rule", json.get("target_rule"))
                .setting("display", json.get("display"))
                .build());
    }
}
