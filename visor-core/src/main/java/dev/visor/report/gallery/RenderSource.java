package dev.visor.report.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/** Activation-maximisation renders ({@code visor render}, {@code render-layer}, the demo): one PNG per sidecar. */
public final class RenderSource implements GallerySource {
    @Override
    public String name() {
        return "render";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public boolean accepts(Path file, JsonNode json) {
        return Sources.has(json, "objective", "steps_run", "settings", "image") && !json.has("method");
    }

    @Override
    public List<Exhibit> read(Path file, JsonNode json) {
        String objective = Sources.need(json, "objective").asText();
        UnitRef ref = UnitRef.parse(objective);
        boolean neuron = json.path("neuron").asBoolean(false) || objective.contains("@");
        Exhibit.Builder b = Exhibit.builder(name(), Json.str(json, "model"), file)
                .title(ref == null ? "Render: " + objective : neuron ? "Activation maximisation (one neuron)" : "Activation maximisation")
                .picture(Sources.need(json, "image").asText(), objective)
                .fact("objective", objective)
                .fact("activation", Json.text(json.path("activation_start")) + " → " + Json.text(json.path("activation_end")))
                .fact("final objective", json.get("objective_final"))
                .fact("steps", json.get("steps_run"))
                .fact("seconds", json.get("seconds"))
                .setting("seed", json.get("seed"))
                .settings(json.get("settings"));
        if (ref != null) {
            b.at(ref.layer(), ref.unit());
        }
        return List.of(b.build());
    }
}
