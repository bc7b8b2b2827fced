package dev.visor.report.gallery;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link GalleryJob} builds.
 *
 * @param runs  run directories (or single sidecars) to read; searched recursively
 * @param out   the site's folder; gets {@code index.html}
 * @param title heading of the index page
 */
public record GallerySettings(List<Path> runs, Path out, String title) {
    /** The default heading. */
    public static final String TITLE = "Visor gallery";

    /** Copies the list. */
    public GallerySettings {
        runs = List.copyOf(runs);
    }

    /** The site of {@code runs} in {@code out}, with the default title. */
    public static GallerySettings of(List<Path> runs, Path out) {
        return new GallerySettings(runs, out, TITLE);
    }

    /** The same with another title. */
    public GallerySettings withTitle(String t) {
        return new GallerySettings(runs, out, t);
    }
}
