package dev.visor.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.data.Images;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * An image file made into a model input: read, resized to the model's input size when it has another size
 * (the methods that explain one image need the model's own size), and the fact of the resize kept so the
 * caller can say so.
 *
 * @param tensor (1, C, H, W) in [0, 1] at the model's input size
 * @param width  the file's width in pixels
 * @param height the file's height in pixels
 */
public record InputImage(NDArray tensor, int width, int height) {
    /** Reads {@code file} into {@code manager} at {@code model}'s input size. */
    public static InputImage read(Path file, Model model, NDManager manager) {
        BufferedImage img = Images.read(file);
        InputSpec s = model.inputSpec();
        return new InputImage(Images.toTensor(manager, img, s.channels(), s.height(), s.width()), img.getWidth(), img.getHeight());
    }

    /** True when the file had another size than the tensor. */
    public boolean resized() {
        return width != tensor.getShape().get(3) || height != tensor.getShape().get(2);
    }

    /** A one-line note of the resize, or an empty string when none was needed. */
    public String resizeNote(Path file) {
        return resized() ? file + " is " + width + "x" + height + "; resized to the model's input size "
                + tensor.getShape().get(3) + "x" + tensor.getShape().get(2) : "";
    }
}
