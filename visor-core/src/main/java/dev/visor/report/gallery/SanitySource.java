package dev.visor.report.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/** The model-randomisation sanity check of attributions ({@code visor sanity}): model-wide. */
public final class SanitySource implements GallerySource {
    @Override
    public String name() {
        return "sanity";
    }

    @Override
    public boolean accepts(Path file, JsonNode json) {
        return Sources.method(json, "sanity-model-randomisation");
    }

    @Override
    public List<Exhibit> read(Path file, JsonNode json) {
        Exhibit.Builder b = Exhibit.builder(name(), Json.str(json, "model"), file)
                .title("Sanity check: attributions under weight randomisation")
                .picture(Sources.pngBeside(file), "Spearman rank correlation of |map| with the trained model's, per method and mode")
                .fact("input", json.get("input"))
                .fact("top class", json.get("topClass"))
                .fact("Grad-CAM layer", json.get("gradCamLayer"));
        for (JsonNode row : json.path("rows")) {
            StringBuilder v = new StringBuilder();
            row.path("methods").fields().forEachRemaining(e -> v.append(v.isEmpty() ? "" : "; ").append(e.getKey()).append(" ρ ")
                    .append(Json.text(e.getValue().path("spearman"))).append(" SSIM ").append(Json.text(e.getValue().path("ssim"))));
            b.fact(row.path("mode").asText() + " " + row.path("layer").asText(), v.toString());
        }
        return List.of(b.setting("methods", json.get("methods")).setting("depth", json.get("depth")).setting("seed", json.get("seed"))
                .settings("data", json.get("data")).build());
    }
}
