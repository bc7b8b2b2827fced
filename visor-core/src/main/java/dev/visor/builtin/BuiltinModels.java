package dev.visor.builtin;

import dev.visor.VisorException;
import dev.visor.io.visor.Provenance;
import dev.visor.io.visor.VisorModelFile;
import dev.visor.model.Model;
import java.util.List;

/**
 * The models shipped inside Visor (Visor-format files under {@code /dev/visor/builtin/NAME/} on the
 * class path), named {@code builtin:NAME}. They were trained by {@code visor train classifier} (the generator
 * {@code fashion-generator}, whose input is a code vector of fashion-cnn, by {@code visor train generator}); the
 * command and seed are in each model's training record and in the TRAINING.md next to it.
 */
public final class BuiltinModels {
    /** The name prefix. */
    public static final String SCHEME = "builtin:";

    /** The built-in models. */
    public static final List<String> NAMES = List.of("fashion-cnn", "fashion-cnn-b", "fashion-generator", "fashion-dae", "fashion-captioner");

    private BuiltinModels() {}

    /** Loads {@code builtin:NAME} (or just NAME). */
    public static Model load(String name) {
        String n = strip(name);
        return VisorModelFile.read(source(n), SCHEME + n);
    }

    /** The training record of a built-in model. */
    public static Provenance provenance(String name) {
        return VisorModelFile.provenance(source(strip(name)));
    }

    /** The training record of a built-in model of another kind (e.g. {@code GeneratorProvenance} of a generator). */
    public static <T> T training(String name, Class<T> type) {
        return VisorModelFile.training(source(strip(name)), type);
    }

    private static VisorModelFile.Source source(String n) {
        if (!NAMES.contains(n)) {
            throw new VisorException("unknown built-in model '" + n + "'; valid: "
                    + String.join(", ", NAMES.stream().map(s -> SCHEME + s).toList()));
        }
        return VisorModelFile.classpath("/dev/visor/builtin/" + n + "/");
    }

    private static String strip(String name) {
        return name.startsWith(SCHEME) ? name.substring(SCHEME.length()) : name;
    }
}
