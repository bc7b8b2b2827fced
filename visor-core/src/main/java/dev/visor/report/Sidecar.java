package dev.visor.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.visor.VisorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.function.Function;

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

    /**
     * Reads a result file a job wrote: {@code fileName} inside a folder, or the file itself; checks that its
     * {@code "format"} is {@code format} and parses it. Every failure (missing, another format, malformed) is one
     * {@link VisorException} line naming the file.
     *
     * @param what  what the file is, for messages: "visor top result"
     * @param where where such a file comes from, said when it is missing: "the --out folder of a `visor top` run"
     */
    public static <T> T readResult(Path dirOrFile, String fileName, String format, String what, String where,
            Function<JsonNode, T> parse) {
        Path f = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(fileName) : dirOrFile;
        if (!Files.isRegularFile(f)) {
            throw new VisorException("no " + fileName + " in " + dirOrFile + " (" + where + ")");
        }
        try {
            JsonNode o = JSON.readTree(f.toFile());
            if (!format.equals(o.path("format").asText())) {
                throw new VisorException(f + " is not a " + what + " (format " + o.path("format") + ", expected \"" + format + "\")");
            }
            return parse.apply(o);
        } catch (IOException | RuntimeException e) {
            if (e instanceof VisorException v) {
                throw v;
            }
            throw new VisorException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}
