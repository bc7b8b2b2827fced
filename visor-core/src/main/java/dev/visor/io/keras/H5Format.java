package dev.visor.io.keras;

import dev.visor.io.ModelFormat;
import dev.visor.model.Model;
import java.nio.file.Path;

/** Keras {@code .h5} / {@code .hdf5} model files. */
public final class H5Format implements ModelFormat {
    @Override
    public String name() {
        return "Keras .h5";
    }

    @Override
    public boolean accepts(String spec) {
        String s = spec.toLowerCase();
        return !spec.startsWith("zoo:") && (s.endsWith(".h5") || s.endsWith(".hdf5") || s.endsWith(".keras.h5"));
    }

    @Override
    public Model load(String spec) {
        return KerasModels.toModel(H5Reader.read(Path.of(spec)));
    }
}
