package dev.visor.report.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/** {@code visor sanity-render}: one objective rendered with the weights randomised from the top layer down. */
public final class RenderCascadeSource implements GallerySource {
    @Override
    public String name() {
        return "render-cascade";
    }

    @Override
    public int order() {
        return 60;
    }

    @Override
    public boolean accepts(Path file, JsonNode json) {
        return Sources.method(json, "render-cascading-randomisation");
    }

    @Override
    public List<Exhibit> read(Path file, JsonNode json) {
        String objective = Sources.need(json, "objective").asText();
        UnitRef ref = UnitRef.parse(objective);
        Exhibit.Builder b = Exhibit.builder(name(), Json.str(json, "model"), file)
                .title("Render under cascading weight randomisation")
                .picture(Sources.pngBeside(file), "trained, then randomised from the top layer down (left to right)")
                .fact("objective", objective);
        for (JsonNode row : json.path("rows")) {
            b.fact(row.path("layersRandomised").asInt() == 0 ? "trained" : "randomised to " + row.path("layer").asText(),
                    "Spearman " + Json.text(row.path("spearman")) + ", SSIM " + Json.text(row.path("ssim")));
        }
        b.setting("seed", json.get("seed")).setting("depth", json.get("depth")).settings(json.get("settings"));
        if (ref != null) {
            b.at(ref.layer(), ref.unit());
        }
        return List.of(b.build());
    }
}
