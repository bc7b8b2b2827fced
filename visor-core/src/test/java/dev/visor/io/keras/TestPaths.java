package dev.visor.io.keras;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where test data lives: /work/shared is the sibling "shared" of the repository root. */
public final class TestPaths {
    private TestPaths() {}

    /** The shared folder, found by walking up from the working directory. */
    public static Path shared() {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            Path s = p.resolveSibling("shared");
            if (Files.isDirectory(s.resolve("models"))) {
                return s;
            }
        }
        throw new IllegalStateException("no shared/ folder beside the repository above " + System.getProperty("user.dir"));
    }

    /** A Keras test resource folder (visor-core/src/test/resources/keras). */
    public static Path resources() {
        return Path.of(System.getProperty("user.dir")).resolve("src/test/resources/keras");
    }
}
