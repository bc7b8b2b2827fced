package dev.visor.io.keras;

import dev.visor.io.ModelFormat;
import dev.visor.model.Model;
import java.nio.file.Files;
import java.nio.file.Path;

/** TF.js layers models: a directory holding {@code model.json}, or the {@code model.json} file itself. */
public final class TfjsFormat implements ModelFormat {
    @Override
    public String name() {
        return "TF.js layers";
    }

    @Override
    public boolean accepts(String spec) {
        if (spec.startsWith("zoo:") || spec.startsWith("builtin:")) {
            return false;
        }
        Path p = Path.of(spec);
        return spec.endsWith(".json") ? Files.isRegularFile(p) : Files.isRegularFile(p.resolve("model.json"));
    }

    @Override
    public Model load(String spec) {
        return KerasModels.toModel(TfjsReader.read(Path.of(spec)));
    }
}
