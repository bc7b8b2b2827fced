package dev.visor.cli;

import dev.visor.VisorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks an output folder before any work is done, so an unwritable --out fails in the first second. */
final class OutputFolder {
    private OutputFolder() {}

    /** Creates the folder if needed and proves it writable by creating and deleting a file in it. */
    static void checkWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".visor-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new VisorException("cannot write to --out " + dir + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }
}
