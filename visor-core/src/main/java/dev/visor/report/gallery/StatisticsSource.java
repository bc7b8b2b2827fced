package dev.visor.report.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Files a run keeps for itself: the mergeable statistics and checkpoints of dataset passes ({@code top.json},
 * {@code *.checkpoint.json}, {@code thresholds.json}), model files, and each facet's own sidecar (its facets.json
 * shows it). Known, so not warned about; nothing to show.
 */
public final class StatisticsSource implements GallerySource {
    private static final Set<String> FORMATS = Set.of("visor-top/1", "visor-pass/1", "visor-thresholds/1", "visor-model");

    @Override
    public String name() {
        return "statistics";
    }

    @Override
    public boolean accepts(Path file, JsonNode json) {
        return FORMATS.contains(json.path("format").asText()) || Sources.has(json, "facet", "members", "meanOf");
    }

    @Override
    public List<Exhibit> read(Path file, JsonNode json) {
        return List.of();
    }
}
