package dev.visor.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.visor.VisorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** JSON sidecars: everything needed to reproduce an output file, written next to it. */
public final class Sidecar {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Sidecar() {}

    /** The sidecar path of an output file: {@code name.png} → {@code name.json}. */
    public static Path pathFor(Path output) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return output.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json");
    }

    /** Writes a sidecar or any JSON value (parent folders created), atomically: a reader sees the old file or the whole new one. */
    public static void write(Path file, Object content) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new VisorException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a sidecar back as a map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(Path file) {
        try {
            return JSON.readValue(file.toFile(), Map.class);
        } catch (IOException e) {
            throw new VisorException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
