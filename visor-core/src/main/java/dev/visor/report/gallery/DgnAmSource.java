package dev.visor.report.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/**
 * DGN-AM renders ({@code visor dgn-am}, the demo): one exhibit per render sidecar, at the unit its objective names,
 * and the run's {@code dgn-am.json} as a model-wide exhibit with the grid and the realism score.
 */
public final class DgnAmSource implements GallerySource {
    @Override
    public String name() {
        return "dgn-am";
    }

    @Override
    public int order() {
        return 15;
    }

    @Override
    public boolean accepts(Path file, JsonNode json) {
        return "dgn-am".equals(json.path("method").asText());
    }

    @Override
    public List<Exhibit> read(Path file, JsonNode json) {
        String generator = Json.str(json, "generator");
        if (!json.has("image")) {
            Exhibit.Builder b = Exhibit.builder(name(), Json.str(json, "model"), file)
                    .title("DGN-AM through " + generator)
                    .picture("grid.png", "a render per objective and copy")
                    .fact("class objectives top-1 their class", json.get("class_hit_rate"))
                    .fact("… under the judge", json.get("judge_class_hit_rate"))
                    .fact("realism (Fréchet distance to real images)", json.get("realism"))
                    .fact("steps", json.get("steps_run"))
                    .fact("seconds", json.get("seconds"))
                    .setting("generator", generator)
                    .settings(json.get("settings"));
            return List.of(b.build());
        }
        String objective = Sources.need(json, "objective").asText();
        UnitRef ref = UnitRef.parse(objective);
        Exhibit.Builder b = Exhibit.builder(name(), Json.str(json, "model"), file)
                .title("DGN-AM (generator prior)")
                .picture(Sources.need(json, "image").asText(), objective + ", copy " + Json.text(json.path("copy")))
                .fact("objective", objective)
                .fact("activation", Json.text(json.path("activation_start")) + " → " + Json.text(json.path("activation_end")))
                .fact("top-1", Json.text(json.path("top1_label")) + " (" + Json.text(json.path("top1_probability")) + ")")
                .fact("judge top-1", json.path("judge_top1").asInt(-1) >= 0 ? json.get("judge_top1") : null)
                .fact("steps", json.get("steps_run"))
                .setting("generator", generator)
                .setting("start", json.get("start"))
                .setting("copy", json.get("copy"))
                .setting("seed", json.get("seed"));
        if (ref != null) {
            b.at(ref.layer(), ref.unit());
        }
        return List.of(b.build());
    }
}
