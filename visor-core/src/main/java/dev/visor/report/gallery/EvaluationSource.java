package dev.visor.report.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/** A classifier's evaluation ({@code visor eval}): accuracy and the confusion-matrix plot, model-wide. */
public final class EvaluationSource implements GallerySource {
    @Override
    public String name() {
        return "evaluation";
    }

    @Override
    public boolean accepts(Path file, JsonNode json) {
        return Sources.has(json, "accuracy", "correct", "confusion", "classes");
    }

    @Override
    public List<Exhibit> read(Path file, JsonNode json) {
        return List.of(Exhibit.builder(name(), Json.str(json, "model"), file)
                .title("Evaluation on " + json.path("data").asText("a dataset"))
                .picture(Sources.pngBeside(file), "confusion matrix")
                .fact("accuracy", json.get("accuracy"))
                .fact("correct", json.path("correct").asText() + " of " + json.path("images").asText())
                .fact("classes", json.get("classes"))
                .build());
    }
}
