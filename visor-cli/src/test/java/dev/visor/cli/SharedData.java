package dev.visor.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds ../shared (sample model and photos) beside the repository root. */
final class SharedData {
    private SharedData() {}

    static Path shared() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (p != null) {
            Path s = p.resolve("shared");
            if (Files.isDirectory(s.resolve("models"))) {
                return s;
            }
            Path sib = p.resolveSibling("shared");
            if (Files.isDirectory(sib.resolve("models"))) {
                return sib;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("../shared not found from " + System.getProperty("user.dir"));
    }

    static Path darknet() {
        return shared().resolve("models/darknet-tiny");
    }

    static Path images() {
        return shared().resolve("images");
    }
}
