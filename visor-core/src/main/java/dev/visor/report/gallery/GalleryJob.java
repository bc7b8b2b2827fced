package dev.visor.report.gallery;

import dev.visor.VisorException;
import dev.visor.report.OutputDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Builds the static gallery: reads every sidecar under the run directories ({@link GalleryScan}, one
 * {@link GallerySource} per kind), groups the exhibits by model, layer and unit and writes a self-contained site
 * ({@link GalleryWriter}; images are copied in, so it opens from {@code file://} and survives the runs moving).
 */
public final class GalleryJob {
    private GalleryJob() {}

    /**
     * Builds the site.
     *
     * @param warn receives one line per skipped sidecar
     * @throws VisorException a missing run directory, or no sidecar the gallery knows
     */
    public static GalleryResult run(GallerySettings settings, Consumer<String> warn) {
        if (settings.runs().isEmpty()) {
            throw new VisorException("no run directories given");
        }
        for (Path r : settings.runs()) {
            if (!Files.exists(r)) {
                throw new VisorException("no such run directory: " + r);
            }
        }
        long t0 = System.nanoTime();
        GalleryScan.Found found = GalleryScan.scan(settings.runs(), settings.out(), GallerySource.registry(), warn);
        if (found.exhibits().isEmpty()) {
            throw new VisorException("no Visor runs found in " + settings.runs() + ": no sidecar (JSON) of a kind the gallery reads ("
                    + String.join(", ", GallerySource.registry().names()) + ")");
        }
        OutputDir.prepare(settings.out());
        Gallery g = Gallery.of(found.exhibits());
        GalleryWriter.Written w = new GalleryWriter(settings, g).write();
        return new GalleryResult(w.index(), found.sidecars(), g.models().size(), g.layerCount(), w.unitPages(), found.exhibits().size(),
                w.images(), w.bytes(), found.warnings(), (System.nanoTime() - t0) / 1e9);
    }
}
