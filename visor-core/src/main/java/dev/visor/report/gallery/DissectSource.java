package dev.visor.report.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.visor.top.TopWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Network dissection ({@code visor dissect}, {@code dissect.json}): per unit its concept label and IoU with the best
 * concept of every category and its pictured top images; per layer the summary; model-wide the unique-detector chart.
 */
public final class DissectSource implements GallerySource {
    @Override
    public String name() {
        return "dissection";
    }

    @Override
    public int order() {
        return 40;
    }

    @Override
    public boolean accepts(Path file, JsonNode json) {
        return "visor-dissect/1".equals(json.path("format").asText());
    }

    @Override
    public List<Exhibit> read(Path file, JsonNode json) {
        String model = Json.str(json, "model");
        JsonNode settings = json.get("settings");
        double iou = settings == null ? Double.NaN : settings.path("iou").asDouble(Double.NaN);
        List<Exhibit> out = new ArrayList<>();
        out.add(Exhibit.builder(name(), model, file).title("Network dissection: unique detectors")
                .picture(Files.exists(file.resolveSibling("unique-detectors.png")) ? "unique-detectors.png" : null,
                        "unique detected concepts per category and layer")
                .fact("probe", json.get("probe")).fact("probe images", json.get("images"))
                .settings(settings).build());
        for (Map.Entry<String, JsonNode> e : iterable(Sources.need(json, "layers"))) {
            String layer = e.getKey();
            Path folder = file.resolveSibling(TopWriter.folderName(layer));
            JsonNode summary = e.getValue().path("summary");
            out.add(Exhibit.builder(name(), model, file).at(layer, null).title("Network dissection of " + layer)
                    .fact("detectors", summary.path("detectors").asText() + " of " + summary.path("units").asText() + " units (IoU > " + Json.number(iou) + ")")
                    .fact("unique concepts", summary.get("unique"))
                    .fact("unique by category", summary.get("uniqueByCategory"))
                    .settings(settings).build());
            for (JsonNode u : e.getValue().path("units")) {
                int unit = Sources.need(u, "unit").asInt();
                JsonNode label = u.path("label");
                String png = String.format("unit_%04d.png", unit);
                boolean labelled = !(label.isMissingNode() || label.isNull());
                Exhibit.Builder b = Exhibit.builder(name(), model, file).at(layer, unit)
                        .badge(labelled ? label.path("concept").asText() + " " + Json.text(label.path("iou")) : null)
                        .title("Network dissection")
                        .picture(Files.exists(folder.resolve(png)) ? TopWriter.folderName(layer) + "/" + png : null,
                                "top probe images: dimmed outside the unit's mask, the label's concept tinted cyan")
                        .fact("label", !labelled ? "none"
                                : label.path("concept").asText() + " (" + label.path("category").asText() + ")")
                        .fact("IoU", label.get("iou"))
                        .fact("detector", u.path("detector").asBoolean() ? "yes" : "no (IoU ≤ " + Json.number(iou) + ")");
                for (JsonNode m : u.path("best")) {
                    b.fact("best " + m.path("category").asText(), m.path("concept").asText() + ", IoU " + Json.text(m.path("iou")));
                }
                out.add(b.settings(settings).build());
            }
        }
        return out;
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        return object::fields;
    }

}
