package dev.visor.report.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.visor.Registry;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads one kind of JSON sidecar into {@link Exhibit}s for the gallery. Implementations are found by
 * {@link #registry()}; a new kind (a new method's sidecar) is one class plus its line in
 * {@code META-INF/services/dev.visor.report.gallery.GallerySource}.
 */
public interface GallerySource extends Registry.Named {
    /** Whether {@code json} (read from {@code file}) is this source's kind. Must not throw. */
    boolean accepts(Path file, JsonNode json);

    /**
     * The exhibits in the sidecar; empty for a file that is known but has nothing to show (checkpoints, statistics).
     * May throw on a sidecar of this kind that is incomplete; the gallery then skips it with a warning.
     */
    List<Exhibit> read(Path file, JsonNode json);

    /**
     * Where this kind's exhibits stand on a unit's page (lower first; ties by name), and which kind's first picture is a
     * unit's thumbnail in the layer grid (the lowest that has one).
     */
    default int order() {
        return 100;
    }

    /** The sources on the class path. */
    static Registry<GallerySource> registry() {
        return Holder.REGISTRY;
    }

    /** Lazily loaded registry. */
    final class Holder {
        private static final Registry<GallerySource> REGISTRY = Registry.load(GallerySource.class, "gallery source");

        private Holder() {}
    }
}
