package dev.visor.io;

import dev.visor.model.Model;

/**
 * One way of naming and reading a model (an ONNX file, a TF.js directory, a Keras .h5 file, a zoo
 * or built-in name). {@link ModelLoader} asks each registered format in turn.
 */
public interface ModelFormat {
    /** Short name for messages, e.g. "ONNX". */
    String name();

    /** True if this format reads the model named by {@code spec} (a path or a scheme:name). */
    boolean accepts(String spec);

    /**
     * Reads the model. The returned model's input spec and labels come from the file when it says;
     * {@link ModelLoader} then applies a visor.yaml next to the model and the user's overrides.
     *
     * @throws dev.visor.VisorException for missing, corrupt or unsupported files (one clear line)
     */
    Model load(String spec);
}
