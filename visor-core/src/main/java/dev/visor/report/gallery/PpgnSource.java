package dev.visor.report.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PPGN runs ({@code visor ppgn}, the demo): {@code ppgn.json} gives one exhibit per condition, at the unit it names
 * (a class, a channel) or model-wide (captions, inpainting), with that condition's chains as animated GIFs
 * ({@code chain-NN.gif}, condition i owning chains i·C … i·C + C − 1).
 */
public final class PpgnSource implements GallerySource {
    @Override
    public String name() {
        return "ppgn";
    }

    @Override
    public int order() {
        return 16;
    }

    @Override
    public boolean accepts(Path file, JsonNode json) {
        return "ppgn".equals(json.path("method").asText()) && json.has("conditions");
    }

    @Override
    public List<Exhibit> read(Path file, JsonNode json) {
        JsonNode conditions = Sources.need(json, "conditions");
        int chains = Math.max(1, json.path("chains").asInt(1));
        List<Exhibit> out = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            String condition = conditions.get(i).asText();
            Exhibit.Builder b = Exhibit.builder(name(), Json.str(json, "model"), file)
                    .title("PPGN samples (" + Json.str(json, "prior") + ")")
                    .fact("condition", condition)
                    .fact("realism (Fréchet distance to real images)", json.path("realism_by_condition").get(condition))
                    .fact("steps", json.get("steps"))
                    .fact("sampler", json.get("sampler"))
                    .setting("generator", json.get("generator"))
                    .settings(json.get("settings"));
            for (int c = i * chains; c < (i + 1) * chains; c++) {
                b.picture(String.format("chain-%02d.gif", c), "chain " + (c - i * chains));
            }
            UnitRef ref = UnitRef.parse(condition);
            if (ref != null) {
                b.at(ref.layer(), ref.unit());
            }
            out.add(b.build());
        }
        return out;
    }
}
