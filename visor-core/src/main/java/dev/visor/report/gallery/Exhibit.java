package dev.visor.report.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One thing the gallery shows: a result of one method, with its pictures, its numbers and the settings that made it,
 * attached to a unit, a layer or a whole model.
 *
 * @param kind     the {@link GallerySource} that read it (e.g. {@code render}); groups and orders a unit's page
 * @param model    the model it belongs to, as its sidecar names it
 * @param layer    the layer, or null for a model-wide result (attributions, sanity checks)
 * @param unit     the unit (channel) of the layer, or null for a layer-wide result
 * @param title    heading on the page
 * @param pictures images, files on disk; the site gets copies
 * @param facts    numbers and labels worth reading, in order
 * @param settings the settings that made it, flattened to dotted keys
 * @param sidecar  the JSON file it came from
 * @param badge    a few words for the unit's cell in the layer grid (e.g. a dissection label), or null
 */
public record Exhibit(String kind, String model, String layer, Integer unit, String title, List<Picture> pictures,
                      List<Fact> facts, Map<String, String> settings, Path sidecar, String badge) {
    /** Copies the collections. */
    public Exhibit {
        pictures = List.copyOf(pictures);
        facts = List.copyOf(facts);
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** An image and its caption. */
    public record Picture(Path file, String caption) {}

    /** The same exhibit with only these pictures. */
    public Exhibit withPictures(List<Picture> kept) {
        return new Exhibit(kind, model, layer, unit, title, kept, facts, settings, sidecar, badge);
    }

    /** A named value shown in a table. */
    public record Fact(String name, String value) {}

    /** Starts an exhibit read from {@code sidecar} by the source {@code kind}. */
    public static Builder builder(String kind, String model, Path sidecar) {
        return new Builder(kind, model, sidecar);
    }

    /** Builds an exhibit step by step; pictures are resolved against the sidecar's folder. */
    public static final class Builder {
        private final String kind;
        private final String model;
        private final Path sidecar;
        private String layer;
        private Integer unit;
        private String title;
        private String badge;
        private final List<Picture> pictures = new ArrayList<>();
        private final List<Fact> facts = new ArrayList<>();
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder(String kind, String model, Path sidecar) {
            this.kind = kind;
            this.model = model == null || model.isBlank() ? "unknown model" : model;
            this.sidecar = sidecar;
            this.title = kind;
        }

        /** The layer and unit (either may be null). */
        public Builder at(String layer, Integer unit) {
            this.layer = layer;
            this.unit = unit;
            return this;
        }

        /** The heading. */
        public Builder title(String t) {
            this.title = t;
            return this;
        }

        /** A few words for the layer grid's cell of the unit. */
        public Builder badge(String b) {
            this.badge = b;
            return this;
        }

        /** Adds a picture; a relative {@code file} is taken from the sidecar's folder. Null or blank is ignored. */
        public Builder picture(String file, String caption) {
            if (file != null && !file.isBlank()) {
                Path dir = sidecar.toAbsolutePath().getParent();
                pictures.add(new Picture(dir.resolve(file).normalize(), caption));
            }
            return this;
        }

        /** Adds a fact; a null value is left out. */
        public Builder fact(String name, Object value) {
            if (value != null && !(value instanceof JsonNode j && (j.isNull() || j.isMissingNode()))) {
                facts.add(new Fact(name, Json.text(value)));
            }
            return this;
        }

        /** Adds the settings, flattened ({@code render.steps = 64}). */
        public Builder settings(JsonNode node) {
            return settings("", node);
        }

        /** Adds the settings under a prefix ({@code recipe.steps = 200}). */
        public Builder settings(String prefix, JsonNode node) {
            Json.flatten(prefix, node, settings);
            return this;
        }

        /** Adds one setting. */
        public Builder setting(String key, Object value) {
            if (value != null && !(value instanceof JsonNode j && (j.isNull() || j.isMissingNode()))) {
                settings.put(key, Json.text(value));
            }
            return this;
        }

        /** The exhibit. */
        public Exhibit build() {
            return new Exhibit(kind, model, layer, unit, title, pictures, facts, settings, sidecar.toAbsolutePath(), badge);
        }
    }
}
