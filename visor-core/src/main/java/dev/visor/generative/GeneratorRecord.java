package dev.visor.generative;

import dev.visor.builtin.BuiltinModels;
import dev.visor.io.visor.VisorModelFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a Visor-trained generator's own files say about how to use it: the {@link GeneratorProvenance} of a
 * {@code builtin:NAME} or a Visor model directory, so that {@code visor dgn-am} can default the code layer and the
 * classifier it decodes. Any other generator (ONNX, Keras) has none.
 */
public final class GeneratorRecord {
    private GeneratorRecord() {}

    /** The generator's training record, or null when it has none (not a Visor-format generator, or no record). */
    public static GeneratorProvenance of(String spec) {
        try {
            if (spec.startsWith("builtin:")) {
                return BuiltinModels.training(spec, GeneratorProvenance.class);
            }
            Path p = Path.of(spec);
            Path dir = Files.isDirectory(p) ? p : p.getParent();
            if (dir != null && Files.isRegularFile(dir.resolve(VisorModelFile.JSON))) {
                return VisorModelFile.training(VisorModelFile.directory(dir), GeneratorProvenance.class);
            }
        } catch (RuntimeException e) {
            return null; // a classifier's record or none: no defaults
        }
        return null;
    }

    /** The classifier layer G decodes, from its training record; empty when unknown. */
    public static String codeLayer(String spec) {
        GeneratorProvenance p = of(spec);
        return p == null || p.settings() == null || p.settings().codeLayer() == null ? "" : p.settings().codeLayer();
    }
}
