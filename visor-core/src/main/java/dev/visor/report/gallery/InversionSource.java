package dev.visor.report.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Network inversion and caricatures ({@code visor invert}): one exhibit per layer, on the layer's page. */
public final class InversionSource implements GallerySource {
    @Override
    public String name() {
        return "inversion";
    }

    @Override
    public boolean accepts(Path file, JsonNode json) {
        return (Sources.method(json, "inversion") || Sources.method(json, "caricature")) && json.path("layers").isArray();
    }

    @Override
    public List<Exhibit> read(Path file, JsonNode json) {
        boolean caricature = Sources.method(json, "caricature");
        String input = json.path("input").asText("an image");
        List<Exhibit> out = new ArrayList<>();
        for (JsonNode l : json.get("layers")) {
            out.add(Exhibit.builder(name(), Json.str(json, "model"), file)
                    .at(Sources.need(l, "layer").asText(), null)
                    .title((caricature ? "Caricature of " : "Inversion of ") + input)
                    .picture(l.path("file").asText(null), (caricature ? "caricature" : "reconstruction") + " from " + l.path("layer").asText())
                    .picture(Sources.pngBeside(file), "the original, then every layer asked (shallow to deep)")
                    .fact("relative feature error", Json.text(l.path("startRelativeFeatureError")) + " → " + Json.text(l.path("relativeFeatureError")))
                    .fact("correlation with the original", l.get("correlationWithOriginal"))
                    .fact("steps", l.get("steps"))
                    .fact("seconds", l.get("seconds"))
                    .setting("seed", json.get("seed"))
                    .setting("alpha", json.get("alpha"))
                    .setting("alphaWeight", json.get("alphaWeight"))
                    .setting("beta", json.get("beta"))
                    .setting("tvWeight", l.get("tvWeight"))
                    .settings("recipe", json.get("recipe"))
                    .build());
        }
        return out;
    }
}
