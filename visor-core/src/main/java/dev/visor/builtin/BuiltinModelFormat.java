package dev.visor.builtin;

import dev.visor.io.ModelFormat;
import dev.visor.model.Model;

/** {@link ModelFormat} for {@code builtin:NAME}: the models shipped with Visor. */
public final class BuiltinModelFormat implements ModelFormat {
    @Override
    public String name() {
        return "built-in";
    }

    @Override
    public boolean accepts(String spec) {
        return spec.startsWith(BuiltinModels.SCHEME);
    }

    @Override
    public Model load(String spec) {
        return BuiltinModels.load(spec);
    }
}
