package dev.visor.io;

import java.util.List;

/** Every model format Visor reads, in the order {@link ModelLoader} tries them. One line each. */
public final class ModelFormats {
    private ModelFormats() {}

    /** The formats. */
    public static List<ModelFormat> all() {
        return List.of(
                new dev.visor.io.visor.VisorModelFormat(),
                new dev.visor.builtin.BuiltinModelFormat(),
                new dev.visor.io.onnx.OnnxImporter(),
                new dev.visor.io.keras.TfjsFormat(),
                new dev.visor.io.keras.H5Format(),
                new dev.visor.io.zoo.ZooFormat()
        );
    }
}
