package dev.visor.report.gallery;

import java.nio.file.Path;
import java.util.List;

/**
 * A built site.
 *
 * @param index    its {@code index.html}
 * @param sidecars sidecars read
 * @param models   models shown
 * @param layers   layers shown (all models)
 * @param units    unit pages written
 * @param exhibits exhibits shown
 * @param images   image files copied into the site
 * @param bytes    the site's size on disk
 * @param warnings one line per skipped sidecar or missing image
 * @param seconds  build time
 */
public record GalleryResult(Path index, int sidecars, int models, int layers, int units, int exhibits, int images, long bytes,
                            List<String> warnings, double seconds) {
    /** Copies the list. */
    public GalleryResult {
        warnings = List.copyOf(warnings);
    }
}
