package dev.visor.cli;

import dev.visor.model.Model;

/** What a generator's own files say about how to use it (its training record), for flags left out. */
final class GeneratorDefaults {
    private GeneratorDefaults() {}

    /** The classifier layer the generator decodes, when its training record names one; else empty. */
    static String codeLayer(Model generator) {
        return "";
    }
}
