package dev.visor.optvis;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shared test data lives: the {@code shared} folder beside the repository root. */
public final class TestPaths {
    private TestPaths() {}

    /** The shared folder, found by walking up from the working directory. */
    public static Path shared() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = p; d != null; d = d.getParent()) {
            Path s = d.resolveSibling("shared");
            if (Files.isDirectory(s.resolve("models")) && Files.isDirectory(s.resolve("images"))) {
                return s;
            }
        }
        throw new IllegalStateException("no shared/ folder with models/ and images/ above " + p);
    }

    /** The pretrained darknet-tiny model folder. */
    public static Path darknetTiny() {
        return shared().resolve("models/darknet-tiny");
    }
}
