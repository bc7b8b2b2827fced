package dev.visor.report.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/** Helpers shared by the sources. */
final class Sources {
    private Sources() {}

    /** The PNG a sidecar describes when it does not name it: {@code name.json} → {@code name.png}. */
    static String pngBeside(Path sidecar) {
        String n = sidecar.getFileName().toString();
        return n.substring(0, n.length() - ".json".length()) + ".png";
    }

    /** Whether {@code json.method} is {@code method}. */
    static boolean method(JsonNode json, String method) {
        return method.equals(json.path("method").asText(null));
    }

    /** Whether the object has every field. */
    static boolean has(JsonNode json, String... fields) {
        for (String f : fields) {
            if (!json.has(f)) {
                return false;
            }
        }
        return true;
    }

    /** A required field; a clear error when it is missing. */
    static JsonNode need(JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("no '" + field + "' field");
        }
        return v;
    }
}
