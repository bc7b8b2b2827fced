package dev.visor.io.visor;

import dev.visor.io.ModelFormat;
import dev.visor.model.Model;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@link ModelFormat} for a Visor model directory (or its {@code visor-model.json}). */
public final class VisorModelFormat implements ModelFormat {
    @Override
    public String name() {
        return "Visor";
    }

    @Override
    public boolean accepts(String spec) {
        Path p = Path.of(spec);
        return Files.isDirectory(p) ? VisorModelFile.isModelDirectory(p)
                : p.getFileName() != null && p.getFileName().toString().equals(VisorModelFile.JSON) && Files.isRegularFile(p);
    }

    @Override
    public Model load(String spec) {
        Path p = Path.of(spec);
        Path dir = Files.isDirectory(p) ? p : p.toAbsolutePath().getParent();
        return VisorModelFile.read(VisorModelFile.directory(dir), dir.toString());
    }
}
