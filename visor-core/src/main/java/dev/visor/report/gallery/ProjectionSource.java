package dev.visor.report.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** DeconvNet projections ({@code visor project}): one exhibit per projected unit, on that unit's page. */
public final class ProjectionSource implements GallerySource {
    @Override
    public String name() {
        return "projection";
    }

    @Override
    public int order() {
        return 50;
    }

    @Override
    public boolean accepts(Path file, JsonNode json) {
        return Sources.method(json, "deconvnet-projection");
    }

    @Override
    public List<Exhibit> read(Path file, JsonNode json) {
        String layer = Sources.need(json, "layer").asText();
        String input = json.path("input").asText("an image");
        List<Exhibit> out = new ArrayList<>();
        int rank = 0;
        for (JsonNode u : Sources.need(json, "units")) {
            rank++;
            JsonNode f = u.path("field");
            out.add(Exhibit.builder(name(), Json.str(json, "model"), file)
                    .at(layer, u.path("channel").asInt())
                    .title("DeconvNet projection of " + input)
                    .picture(Sources.pngBeside(file), "row " + rank + " is this unit: " + Json.text(json.path("columns")))
                    .picture(u.path("topPatches").asText(null), "this unit's top patches")
                    .fact("input", input)
                    .fact("rank in the image", rank + " of " + json.path("units").size())
                    .fact("activation", u.get("activation"))
                    .fact("position (x, y)", u.path("x").asInt() + ", " + u.path("y").asInt())
                    .fact("receptive field (x0, y0, x1, y1)", f)
                    .setting("topUnits", json.get("topUnits"))
                    .setting("data", json.get("data"))
                    .build());
        }
        return out;
    }
}
