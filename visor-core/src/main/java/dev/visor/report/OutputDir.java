package dev.visor.report;

import dev.visor.VisorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks an output folder before a job does any work, so an unwritable {@code --out} fails at once, not after the run. */
public final class OutputDir {
    private OutputDir() {}

    /**
     * Creates the folder if needed and proves it writable by creating and deleting a file in it.
     *
     * @return the folder
     * @throws VisorException one line naming the folder and the reason
     */
    public static Path prepare(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new VisorException("cannot write to output folder " + dir + ": it is a file");
        }
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".visor-write-check", ".tmp");
            Files.delete(probe);
            return dir;
        } catch (IOException | SecurityException e) {
            String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
            throw new VisorException("cannot write to output folder " + dir + ": " + why, e);
        }
    }
}
