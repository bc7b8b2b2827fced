package dev.visor.report.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visor.Registry;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds the exhibits in run directories: every {@code *.json} below them is offered to each {@link GallerySource};
 * unreadable, unknown or incomplete sidecars are skipped with one warning line each. Folders that are themselves
 * galleries (they hold {@value GalleryWriter#MARKER}) are not entered.
 */
final class GalleryScan {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a scan found. */
    record Found(List<Exhibit> exhibits, int sidecars, List<String> warnings) {}

    private GalleryScan() {}

    static Found scan(List<Path> runs, Path site, Registry<GallerySource> sources, Consumer<String> warn) {
        List<GallerySource> all = sources.names().stream().map(sources::get).toList();
        List<Exhibit> exhibits = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Consumer<String> w = s -> {
            warnings.add(s);
            warn.accept(s);
        };
        int[] sidecars = {0};
        Path skip = site.toAbsolutePath().normalize();
        for (Path run : runs) {
            for (Path file : jsonFiles(run.toAbsolutePath().normalize(), skip)) {
                JsonNode json;
                try {
                    json = JSON.readTree(file.toFile());
                } catch (IOException e) {
                    w.accept("skipped " + file + ": not valid JSON (" + firstLine(e.getMessage()) + ")");
                    continue;
                }
                if (json == null || !json.isObject()) {
                    w.accept("skipped " + file + ": not a JSON object");
                    continue;
                }
                GallerySource source = all.stream().filter(s -> s.accepts(file, json)).findFirst().orElse(null);
                if (source == null) {
                    w.accept("skipped " + file + ": not a sidecar kind the gallery knows (" + String.join(", ", sources.names()) + ")");
                    continue;
                }
                try {
                    for (Exhibit e : source.read(file, json)) {
                        exhibits.add(withExistingPictures(e, w));
                    }
                    sidecars[0]++;
                } catch (RuntimeException e) {
                    w.accept("skipped " + file + ": incomplete " + source.name() + " sidecar (" + firstLine(e.getMessage()) + ")");
                }
            }
        }
        return new Found(exhibits, sidecars[0], warnings);
    }

    private static Exhibit withExistingPictures(Exhibit e, Consumer<String> warn) {
        List<Exhibit.Picture> kept = new ArrayList<>();
        for (Exhibit.Picture p : e.pictures()) {
            if (Files.isRegularFile(p.file())) {
                kept.add(p);
            } else {
                warn.accept("missing image " + p.file() + " (named by " + e.sidecar() + "); shown without it");
            }
        }
        return kept.size() == e.pictures().size() ? e : e.withPictures(kept);
    }

    private static List<Path> jsonFiles(Path run, Path skip) {
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(run)) {
            return run.toString().endsWith(".json") ? List.of(run) : List.of();
        }
        try {
            Files.walkFileTree(run, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.equals(skip) || Files.exists(dir.resolve(GalleryWriter.MARKER)) ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".json")) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return files;
        }
        files.sort(null);
        return files;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
